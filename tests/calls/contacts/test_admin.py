"""The admin lists contact links and resolution moments read-only, and goals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from project.roles import Role
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def test_admin_pages(world: dict) -> None:
    boss = client_for(UserFactory(username="boss", role=Role.ADMIN, is_staff=True,
                                  is_superuser=True))
    for name in ("contactlink", "callresolution", "contactgoal"):
        assert boss.get(reverse(f"admin:calls_{name}_changelist")).status_code == 200
    assert boss.get(reverse("admin:calls_contactlink_add")).status_code == 403
    assert boss.get(reverse("admin:calls_contactgoal_add")).status_code == 200
