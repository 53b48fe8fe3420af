"""calls/changes/admin.py: the admin lists and opens changes."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from calls.models import Change
from project.roles import Role
from tests.factories import UserFactory, client_for
from tests.factories_changes import ChangeFactory

pytestmark = pytest.mark.django_db


def test_changes_are_in_the_admin() -> None:
    assert Change in site._registry
    change = ChangeFactory(title="Упростили меню")
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_for(admin)
    listing = client.get(reverse("admin:calls_change_changelist"))
    assert listing.status_code == 200 and "Упростили меню" in listing.content.decode()
    assert reverse("changes:detail", args=[change.pk]) in listing.content.decode()
    assert client.get(reverse("admin:calls_change_change", args=[change.pk])).status_code == 200
