"""project/access.py: a signed-in user with no role gets «ask an admin for a role» on every page
and 403 no_role from every API endpoint, found by walking the URL resolver, so that a page or an
endpoint added later is covered without naming it here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from project.roles import Role
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db

NO_ROLE_PAGE = "Вашей учётной записи ещё не назначена роль"
# A value for each path converter; no object exists, the refusal comes before any lookup.
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-0000"
           "00000000"}
# What a user with no role still reaches, and how it answers a GET (project/access.py).
STILL_REACHED = {
    "login/": {200},
    "logout/": {405},  # POST only
    "accounts/login/": {302},
    "favicon.ico": {301},  # the product's icon, for any browser
    "health/": {200, 503},  # 503 when no cluster runs: the probe works, the queue does not
    "sidebar/login/": {302},  # signed in already: to the sidebar, which says what to do
    "sidebar/logout/": {405},
}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def _addresses() -> list[str]:
    addresses = []
    for route in _routes(get_resolver().url_patterns):
        if route.startswith("admin/") or route.startswith("^"):
            continue  # the admin keeps its own rule (staff only); see test_admin_keeps_its_rule
        addresses.append("/" + re.sub(r"<(?:(\w+):)?\w+>",
                                      lambda m: SAMPLES[m.group(1) or "str"], route))
    return addresses


ADDRESSES = _addresses()
# The API's docs are a page for people (HTML), under /api/.
PAGES = [a for a in ADDRESSES if (not a.startswith("/api/") or a == "/api/docs/")
         and a[1:] not in STILL_REACHED and a != "/sidebar/"]
API = [a for a in ADDRESSES if a.startswith("/api/") and a not in PAGES]


def test_the_walk_finds_every_part_of_the_site() -> None:
    # A guard for the walk itself: each app's pages and the API are in it.
    for expected in ("/calls/", "/coaching/trainings/", "/library/metrics/", "/taxonomy/",
                     "/status/", "/", "/api/docs/"):
        assert expected in PAGES
    for expected in ("/api/v1/calls/", "/api/v1/library/metrics/", "/api/v1/sidebar/library",
                     "/api/schema/"):
        assert expected in API


@pytest.fixture
def no_role() -> User:
    return UserFactory(username="no-role")


@pytest.mark.parametrize("address", PAGES)
def test_every_page_tells_a_user_with_no_role_to_ask_for_one(no_role: User, address: str) -> None:
    client = client_for(no_role)

    for response in (client.get(address), client.post(address)):
        assert response.status_code == 403, address
        html = response.content.decode()
        assert NO_ROLE_PAGE in html and "Попросите администратора назначить вам роль" in html
        assert '<html lang="ru">' in html


@pytest.mark.parametrize("address", API)
def test_every_api_endpoint_answers_403_no_role(no_role: User, address: str) -> None:
    session = client_for(no_role)
    token = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=no_role).key}")

    for client in (session, token):
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(address)
            assert response.status_code == 403, (address, method, response.content[:200])
            # The schema answers in its own format (YAML unless asked for JSON), the same shape.
            body = yaml.safe_load(response.content)
            assert body["error"]["code"] == "no_role", (address, method)
            assert "Попросите администратора назначить вам роль" in body["error"]["message"]


def test_the_library_metrics_no_longer_leak_to_a_user_with_no_role(no_role: User) -> None:
    from scripts_library.models import Objection, ObjectionTheme

    Objection.objects.create(theme=ObjectionTheme.objects.create(name="Цена"), code="price",
                             name="Слишком дорого")

    response = client_for(no_role).get("/api/v1/library/metrics/")

    assert response.status_code == 403
    assert "price" not in response.content.decode()


@pytest.mark.parametrize(("address", "statuses"), STILL_REACHED.items())
def test_signing_in_and_out_and_the_health_probe_still_work(
    no_role: User, address: str, statuses: set[int]
) -> None:
    response = client_for(no_role).get("/" + address)

    assert response.status_code in statuses
    assert NO_ROLE_PAGE not in response.content.decode()


def test_signing_out_works(no_role: User) -> None:
    client = client_for(no_role)

    assert client.post("/logout/").status_code == 302
    assert client.get("/calls/").status_code == 302  # to the login page: signed out


def test_the_sidebar_says_it_in_its_own_framable_layout(no_role: User) -> None:
    response = client_for(no_role).get("/sidebar/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Вашей учётной записи ещё не назначена роль" in html and "sb-main" in html
    assert "X-Frame-Options" not in response
    assert "data-sidebar" not in html


def test_the_menu_offers_nothing_to_a_user_with_no_role(no_role: User) -> None:
    html = client_for(no_role).get("/calls/").content.decode()
    nav = html[html.index('<header class="topbar">'):html.index("</header>")]

    for address in ("/calls/", "/library/", "/coaching/", "/taxonomy/", "/status/", "/sidebar/",
                    "/calls/upload/", "/admin/", "/api/docs/"):
        assert f'href="{address}' not in nav
    assert "Выйти" in nav


def test_errors_and_static_files_still_answer(no_role: User) -> None:
    client = client_for(no_role)

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and NO_ROLE_PAGE not in missing.content.decode()
    assert client.get("/api/v1/no-such-endpoint/").json()["error"]["code"] == "not_found"


def test_the_admin_keeps_its_rule(no_role: User) -> None:
    # Not staff: the admin sends them to its own login, as it does for anyone not staff.
    response = client_for(no_role).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", list(Role))
def test_a_user_with_any_role_passes(role: Role) -> None:
    user = UserFactory(role=role)

    first_page = {Role.OPERATOR: "/coaching/me/",
                  Role.ANNOTATOR: "/taxonomy/annotation/mine/"}.get(role, "/calls/")
    assert client_for(user).get(first_page).status_code in (200, 404)
    assert APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}").get(
        "/api/v1/calls/").status_code == 200


def test_a_superuser_counts_as_an_admin() -> None:
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)

    assert client_for(superuser).get("/calls/").status_code == 200
    assert client_for(superuser).get("/api/v1/library/metrics/").status_code == 200


def test_anonymous_people_are_still_asked_to_sign_in() -> None:
    assert Client().get("/calls/").status_code == 302
    assert APIClient().get("/api/v1/calls/").status_code in (401, 403)
    assert APIClient().get("/api/v1/calls/").json()["error"]["code"] == "not_authenticated"
