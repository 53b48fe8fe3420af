"""Every /api/ answer is the common JSON error shape, also when no view answers (issue 7 §4):
schemathesis got Django's HTML 404 for /api/v1/calls/null%2Cnull/."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from project.api_errors import exception_handler, server_error
from project.errors import DomainError
from tests.factories import api_client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/api/v1/calls/null%2Cnull/",
    "/api/v1/calls/abc/",
    "/api/v1/no-such-thing/",
    "/api/v2/calls/",
    "/api/",
])
def test_an_api_address_no_view_answers_is_a_json_404(admin_user: User, path: str) -> None:
    response = api_client_for(admin_user).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_found", "message": "Страница не найдена.",
                                         "details": None}}


def test_a_json_404_needs_no_login() -> None:
    # Nothing is revealed: the same answer as for a signed-in client.
    response = APIClient().get("/api/v1/calls/null%2Cnull/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_other_addresses_keep_the_russian_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_crash_under_api_is_a_json_500_and_elsewhere_the_page() -> None:
    api = server_error(RequestFactory().get("/api/v1/calls/"))
    page = server_error(RequestFactory().get("/calls/"))

    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert b'"code": "server_error"' in api.content
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


class _Taken(DomainError):
    code = "conflict"
    conflict = True


def test_a_domain_conflict_is_a_409_and_other_domain_errors_a_400() -> None:
    conflict = exception_handler(_Taken("Уже есть."), {})
    invalid = exception_handler(DomainError("Не так."), {})

    assert conflict is not None and conflict.status_code == 409
    assert conflict.data == {"error": {"code": "conflict", "message": "Уже есть.", "details": None}}
    assert invalid is not None and invalid.status_code == 400
