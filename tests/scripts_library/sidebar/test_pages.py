"""The page /sidebar/: framable by the configured CRM origins only; CORS on the API likewise."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from calls.models import Operator
from project.roles import Role
from tests.factories import UserFactory, client_for

CRM = "https://crm.example.ru"
OTHER = "https://evil.example.com"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def crm_origin(settings: SettingsWrapper) -> None:
    settings.SIDEBAR_ORIGINS = [CRM]
    settings.CORS_ALLOWED_ORIGINS = [CRM]


def frame_ancestors(response: object) -> str:
    policy = response["Content-Security-Policy"]  # type: ignore[index]
    [directive] = [d.strip() for d in policy.split(";") if "frame-ancestors" in d]
    return directive


def test_the_page_may_be_framed_by_the_crm_only(operator: Operator) -> None:
    response = client_for(operator.user).get("/sidebar/")  # type: ignore[arg-type]
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == f"frame-ancestors 'self' {CRM}"
    html = response.content.decode()
    assert 'data-origins="https://crm.example.ru"' in html
    assert 'data-records-events="true"' in html
    assert "Вставить в CRM" in html


def test_other_pages_stay_unframable(operator: Operator) -> None:
    response = client_for(operator.user).get("/calls/")  # type: ignore[arg-type]
    assert response["X-Frame-Options"] == "DENY"
    assert CRM not in frame_ancestors(response)


def test_the_login_is_inside_the_frame_too() -> None:
    response = Client().get("/sidebar/?call=CRM-7")
    assert response.status_code == 302
    assert response["Location"].startswith("/sidebar/login/?next=/sidebar/")
    assert "X-Frame-Options" not in response
    login = Client().get(response["Location"])
    assert login.status_code == 200
    assert "X-Frame-Options" not in login
    assert frame_ancestors(login) == f"frame-ancestors 'self' {CRM}"


def test_signing_in_inside_the_frame_returns_to_the_sidebar(operator: Operator) -> None:
    client = Client()
    response = client.post("/sidebar/login/?next=/sidebar/%3Fcall%3DCRM-7", {
        "username": operator.user.username, "password": "password",  # type: ignore[union-attr]
        "next": "/sidebar/?call=CRM-7",
    })
    assert response.status_code == 302
    assert response["Location"] == "/sidebar/?call=CRM-7"
    page = client.get(response["Location"])
    assert 'data-call="CRM-7"' in page.content.decode()


def test_a_user_without_a_sidebar_role_sees_why() -> None:
    response = client_for(UserFactory(role=Role.MANAGER)).get("/sidebar/")
    assert response.status_code == 403
    assert "Подсказки доступны операторам" in response.content.decode()
    assert frame_ancestors(response) == f"frame-ancestors 'self' {CRM}"


def test_a_trainer_uses_the_page_without_recording_events(trainer_user: object) -> None:
    response = client_for(trainer_user).get("/sidebar/")  # type: ignore[arg-type]
    assert 'data-records-events="false"' in response.content.decode()


def test_cors_answers_the_crm_on_the_sidebar_api_only() -> None:
    client = Client()
    preflight = client.options(
        "/api/v1/sidebar/suggest", HTTP_ORIGIN=CRM,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == CRM
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    refused = client.options(
        "/api/v1/sidebar/suggest", HTTP_ORIGIN=OTHER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in refused
    elsewhere = client.options(
        "/api/v1/calls/", HTTP_ORIGIN=CRM, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in elsewhere
