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


def test_a_manager_learns_what_it_is_for_and_how_to_try_it() -> None:
    # Not a bare 403: what the sidebar does, who may use it, and how a CRM is connected.
    response = client_for(UserFactory(role=Role.MANAGER)).get("/sidebar/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Что это и как попробовать" in html
    assert '<details class="sb-about__details" open>' in html
    assert "Подсказки — узкая панель, которую CRM показывает" in html
    assert "руководителю они не открываются" in html
    assert "python manage.py sidebar_token КОД_ОПЕРАТОРА" in html
    assert "docs/sidebar-host-example.html" in html and "docs/sidebar.md" in html
    assert f"<code>{CRM}</code>" in html
    # The tool itself is not there: its API would refuse a manager.
    assert "data-sidebar" not in html and 'id="sb-insert"' not in html
    assert frame_ancestors(response) == f"frame-ancestors 'self' {CRM}"


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_trainers_and_admins_get_the_note_above_the_tool(role: Role) -> None:
    response = client_for(UserFactory(role=role)).get("/sidebar/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Что это и как попробовать" in html and "Попробуйте прямо здесь" in html
    assert "sidebar_token" in html
    assert "data-sidebar" in html and 'data-records-events="false"' in html


def test_operators_get_the_tool_alone(operator: Operator) -> None:
    html = client_for(operator.user).get("/sidebar/").content.decode()  # type: ignore[arg-type]

    assert "data-sidebar" in html and "Что это и как попробовать" not in html


def test_the_note_says_when_no_crm_may_frame_it(settings: SettingsWrapper) -> None:
    settings.SIDEBAR_ORIGINS = []

    html = client_for(UserFactory(role=Role.MANAGER)).get("/sidebar/").content.decode()

    assert "Сейчас ни один адрес не указан" in html


def test_a_way_back_to_the_site_when_not_framed() -> None:
    # Hidden until the script finds the page is not inside a frame.
    html = client_for(UserFactory(role=Role.TRAINER)).get("/sidebar/").content.decode()

    assert '<a class="sb-link" href="/" data-home-link hidden>' in html


@pytest.mark.parametrize(("role", "label"), [
    (Role.OPERATOR, ">Подсказки<"), (Role.TRAINER, ">Подсказки оператора<"),
    (Role.ADMIN, ">Подсказки оператора<"),
])
def test_the_menu_leads_to_the_sidebar(role: Role, label: str) -> None:
    html = client_for(UserFactory(role=role)).get("/calls/").content.decode()
    nav = html[html.index('<nav class="mainnav"'):html.index("</nav>")]

    assert f'<a href="/sidebar/"{label}' in nav


def test_the_menu_does_not_offer_it_to_managers() -> None:
    html = client_for(UserFactory(role=Role.MANAGER)).get("/calls/").content.decode()

    assert 'href="/sidebar/"' not in html


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
