"""Findings in the admin site: read, never changed there (each step is an event written by the
services)."""

from __future__ import annotations

import pytest

from calls.departments.findings.services import finding_start
from project.roles import Role
from tests.factories import UserFactory, client_for
from tests.factories_findings import FindingFactory

pytestmark = pytest.mark.django_db


def test_the_admin_site_reads_findings_and_changes_none() -> None:
    admin = UserFactory(role=Role.ADMIN, is_staff=True)
    finding = finding_start(finding=FindingFactory(), by=admin)
    client = client_for(admin)
    page = client.get(f"/admin/calls/finding/{finding.pk}/change/")
    assert page.status_code == 200 and finding.title in page.content.decode()
    assert "в работе" in page.content.decode()
    assert client.get("/admin/calls/findingevent/").status_code == 200
    assert client.get("/admin/calls/findingcallback/").status_code == 200
    assert client.get("/admin/calls/finding/add/").status_code == 403
    response = client.post(f"/admin/calls/finding/{finding.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
