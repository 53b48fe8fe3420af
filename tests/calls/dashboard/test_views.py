"""The dashboard page: who may open it, what it shows, where its numbers lead."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.calls.dashboard.conftest import World
from tests.factories import client_for
from tests.factories_departments import department_member

pytestmark = pytest.mark.usefixtures("frozen_now")

URL = "/dashboard/"
QUERY = "?date_from=2026-03-01&date_to=2026-03-14"


def test_the_address() -> None:
    assert reverse("dashboard:home") == URL


def test_an_admin_sees_every_part(world: World) -> None:
    response = client_for(world.admin).get(URL + QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("hot_share", "fcr", "resolution_time", "silence_share", "handling_time"):
        assert f'data-figure="{code}"' in html
    assert "<svg" in html and "cdn" not in html.lower()
    # Handling time: 250 s over 4 calls; the card's number opens the analysed calls behind it.
    assert "250\u00a0с" in html
    assert "4\u00a0проанализированных звонка" in html
    assert 'data-problem="wait"' in html
    assert 'data-table="line"' in html and 'data-table="team"' in html
    assert "3\u00a0открытые находки" in html and "Просрочена" in html
    assert "просрочено — 1" in html
    assert "Обзор" in html


def test_every_number_links_to_calls(world: World) -> None:
    html = client_for(world.admin).get(URL + QUERY).content.decode()
    card = html.split('data-figure="hot_share"')[1].split("</section>")[0]
    link = re.search(r'<a href="([^"]+)">66,7%</a>', card)
    assert link is not None
    assert "hot=true" in link.group(1) and "status=analysed" in link.group(1)
    assert "date_from=2026-03-01" in link.group(1)


def test_a_manager_sees_their_teams_only(world: World) -> None:
    html = client_for(world.anna).get(URL + QUERY).content.decode()
    assert "3\u00a0проанализированных звонка" in html
    assert 'data-row="Команда А"' in html and 'data-row="Команда Б"' not in html


def test_an_operator_sees_their_own_calls(world: World) -> None:
    response = client_for(world.oleg).get(URL + QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ваши звонки" in html
    assert "2\u00a0проанализированных звонка" in html
    assert 'data-table="team"' not in html and "data-dashboard-findings" not in html


@pytest.mark.parametrize("who", ["annotator", "department"])
def test_others_are_refused(world: World, who: str) -> None:
    assert client_for(getattr(world, who)).get(URL).status_code == 403


def test_filters(world: World) -> None:
    html = client_for(world.admin).get(
        URL + QUERY + f"&line=sales&team={world.team_b.pk}"
    ).content.decode()
    assert "1\u00a0проанализированный звонок" in html
    assert f"team={world.team_b.pk}" in html


@pytest.mark.parametrize(
    "query",
    [
        "?date_from=2026-03-14&date_to=2026-03-01",
        "?date_from=2025-01-01&date_to=2026-03-01",
        "?date_from=вчера",
        "?line=nowhere",
        "?team=999999",
        "?team=99999999999999999999999",
        "?team=-1",
        "?team=abc",
    ],
)
def test_bad_filters_are_a_russian_400(world: World, query: str) -> None:
    response = client_for(world.admin).get(URL + query)
    assert response.status_code == 400
    assert "filters__errors" in response.content.decode()


def test_a_manager_cannot_filter_by_another_team(world: World) -> None:
    response = client_for(world.anna).get(URL + f"?team={world.team_b.pk}")
    assert response.status_code == 400
    assert "Такой команды нет среди ваших." in response.content.decode()


def test_without_filters_the_last_four_weeks(world: World) -> None:
    response = client_for(world.admin).get(URL)
    assert response.status_code == 200
    assert response.context["board"].scope.period.days == 28


@pytest.mark.parametrize(
    ("who", "where"),
    [("admin", "/dashboard/"), ("anna", "/dashboard/"), ("oleg", "/calls/")],
)
def test_home_by_role(world: World, who: str, where: str) -> None:
    response = client_for(getattr(world, who)).get("/")
    assert response.status_code == 302 and response.url == where


@pytest.mark.django_db
def test_a_department_member_starts_at_their_department() -> None:
    response = client_for(department_member()).get("/")
    assert response.status_code == 302 and response.url == "/departments/mine/"


def test_signing_in_lands_on_the_roles_start_page(world: World) -> None:
    response = Client().post("/login/", {"username": world.admin.username,
                                         "password": "password"}, follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
