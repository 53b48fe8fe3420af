"""project/request_limits.py: a too long query string is a Russian 400 and a too big body a
413, answered before a view (or the server in front, with an undocumented 414) does."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.factories import api_client_for

pytestmark = pytest.mark.django_db


def test_a_long_query_string_is_a_400_in_the_api_shape(admin_user: User) -> None:
    response = api_client_for(admin_user).get("/api/v1/calls/", {"q": "а" * 5000})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "query_too_long"
    assert "допустимо не более 4000" in error["message"]


def test_a_query_string_within_the_limit_reaches_the_view(admin_user: User) -> None:
    response = api_client_for(admin_user).get("/api/v1/calls/", {"unused": "x" * 3000})
    assert response.status_code == 200


def test_a_long_query_string_on_a_page_is_a_russian_400(admin_client: Client,
                                                       settings: SettingsWrapper) -> None:
    settings.QUERY_STRING_MAX_LENGTH = 300
    response = admin_client.get("/calls/", {"q": "x" * 400})
    assert response.status_code == 400
    assert "Строка запроса (после «?») слишком длинная" in response.content.decode()


def test_a_body_over_request_body_max_bytes_is_a_413(admin_user: User,
                                                    settings: SettingsWrapper) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    client = api_client_for(admin_user)
    response = client.generic("POST", "/api/v1/phrases/", "x" * 5000,
                              content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    form = Client()
    form.force_login(admin_user)
    page = form.post("/calls/upload/", "x=" + "y" * 5000,
                     content_type="application/x-www-form-urlencoded")
    assert page.status_code == 413
    assert "Тело запроса больше допустимого" in page.content.decode()
