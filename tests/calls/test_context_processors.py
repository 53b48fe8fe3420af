"""calls/context_processors.py: the roles every template sees, and the navigation they drive."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from calls.models import Operator
from project.roles import Role
from tests.factories import client_for


def test_navigation_follows_roles(admin_user: User, operator: Operator) -> None:
    admin_html = client_for(admin_user).get(reverse("calls:list")).content.decode()
    operator_html = client_for(operator.user).get(reverse("calls:list")).content.decode()

    assert reverse("admin:index") in admin_html
    assert reverse("swagger-ui") in admin_html
    assert reverse("admin:index") not in operator_html
    assert "Мои звонки" in operator_html
    assert f'action="{reverse("logout")}"' in operator_html


def test_user_roles_role_enum_matches_templates() -> None:
    # The templates test roles by their string values; keep them in step with the enum.
    assert {role.value for role in Role} == {"operator", "trainer", "manager", "admin",
                                          "annotator", "department"}
