"""A call without an operator or line comes back with null, as the schema says (issue 7 §4:
schemathesis found `operator` and `line` null where the schema promised strings)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import CallFactory, api_client_for

pytestmark = pytest.mark.django_db


def test_call_without_operator_or_line(admin_user: User) -> None:
    call = CallFactory(operator=None, line=None)
    client = api_client_for(admin_user)

    listed = client.get("/api/v1/calls/").json()["results"][0]
    detail = client.get(f"/api/v1/calls/{call.pk}/").json()

    for body in (listed, detail):
        assert body["operator"] is None and body["line"] is None
        assert body["operator_name"] == ""
