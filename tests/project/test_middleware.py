"""project/middleware.py and the API handler: a transient fault answers 503 «повторите»."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import CallFactory, TagFactory

pytestmark = pytest.mark.django_db


def _locked(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("database is locked")


def test_a_page_meets_a_locked_database(
    client: Client, admin_user: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    client.force_login(admin_user)
    monkeypatch.setattr("calls.views.render", _locked)
    response = client.get("/calls/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Сервис временно занят" in page and "Ничего не потеряно" in page


def test_a_defect_is_still_a_500(client: Client, admin_user: Any,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("no such column: calls_call.nonexistent")

    client.force_login(admin_user)
    client.raise_request_exception = False
    monkeypatch.setattr("calls.views.render", broken)
    assert client.get("/calls/").status_code == 500


def test_an_api_write_meets_a_locked_database(
    admin_user: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    call, tag = CallFactory(), TagFactory()
    monkeypatch.setattr("calls.api.taxonomy_views.call_tag_add", _locked)
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.post(f"/api/v1/calls/{call.pk}/tags/", {"tag": tag.code}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "temporarily_unavailable"
    assert "Повторите" in response.json()["error"]["message"]
