"""GET /api/v1/dashboard/: the figures as JSON, the rules of its query, and who may read it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.calls.dashboard.conftest import World
from tests.factories import api_client_for

pytestmark = pytest.mark.usefixtures("frozen_now")

URL = "/api/v1/dashboard/"
PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-14"}


def test_the_address() -> None:
    assert reverse("api-dashboard") == URL


def test_the_figures(world: World) -> None:
    response = api_client_for(world.admin).get(URL, PERIOD)
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == PERIOD
    assert data["previous_period"] == {"date_from": "2026-02-15", "date_to": "2026-02-28"}
    assert (data["analysed_calls"], data["previous_analysed_calls"]) == (4, 1)
    figures = {figure["code"]: figure for figure in data["figures"]}
    assert list(figures) == [
        "hot_share", "fcr", "resolution_time", "silence_share", "handling_time"
    ]
    handling = figures["handling_time"]
    assert (handling["value"], handling["measured"]) == (250.0, 4)
    assert (handling["previous_value"], handling["previous_measured"]) == (50.0, 1)
    assert handling["unit"] == "с" and handling["kind"] == "mean"
    assert figures["hot_share"]["value"] == pytest.approx(2 / 3)
    assert figures["hot_share"]["calls_url"].startswith("/calls/?")
    assert "hot=true" in figures["hot_share"]["calls_url"]
    assert set(figures["fcr"]["trend"]) == {"direction", "better", "word", "arrow", "p_value",
                                            "test"}
    assert len(handling["series"]) == 14
    assert handling["series"][1] == {
        "date_from": "2026-03-02", "date_to": "2026-03-02", "value": 100.0, "measured": 1,
        "calls_url": handling["series"][1]["calls_url"],
    }
    assert [p["tag"] for p in data["top_problems"]] == ["wait", "price"]
    assert data["findings"]["open"] == 3 and data["findings"]["overdue"] == 1
    assert data["findings"]["nearest"][0]["overdue"] is True
    assert {row["line"] for row in data["by_line"]} == {"support", "sales"}
    assert {row["team"] for row in data["by_team"]} == {world.team_a.pk, world.team_b.pk}


def test_line_and_team(world: World) -> None:
    data = api_client_for(world.admin).get(
        URL, {**PERIOD, "line": "support", "team": world.team_a.pk}
    ).json()
    assert (data["line"], data["team"]) == ("support", world.team_a.pk)
    assert data["analysed_calls"] == 3


def test_an_operator_gets_their_own_calls(world: World) -> None:
    data = api_client_for(world.oleg).get(URL, PERIOD).json()
    assert data["own_calls_only"] is True
    assert data["analysed_calls"] == 2
    assert data["by_team"] is None and data["findings"] is None


def test_a_manager_gets_their_teams(world: World) -> None:
    data = api_client_for(world.anna).get(URL, PERIOD).json()
    assert data["analysed_calls"] == 3
    assert [row["team"] for row in data["by_team"]] == [world.team_a.pk]
    response = api_client_for(world.anna).get(URL, {"team": world.team_b.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["annotator", "department"])
def test_others_are_refused(world: World, who: str) -> None:
    assert api_client_for(getattr(world, who)).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-03-14", "date_to": "2026-03-01"}, "date_to"),
        ({"date_from": "2025-01-01", "date_to": "2026-03-01"}, "date_to"),
        ({"date_from": "вчера"}, "date_from"),
        ({"date_from": ""}, "date_from"),
        ({"line": ""}, "line"),
        ({"line": "nowhere"}, "line"),
        ({"team": ""}, "team"),
        ({"team": "abc"}, "team"),
        ({"team": "0"}, "team"),
        ({"team": "999999"}, "team"),
        ({"team": str(2**63)}, "team"),
        ({"team": "9" * 40}, "team"),
    ],
)
def test_bad_input_is_a_400(world: World, query: dict[str, str], field: str) -> None:
    response = api_client_for(world.admin).get(URL, query)
    assert response.status_code == 400
    assert field in str(response.json())


def test_the_schema_declares_the_answer(world: World) -> None:
    response = api_client_for(world.admin).get("/api/schema/", {"format": "json"})
    schema = response.json()
    operation = schema["paths"]["/api/v1/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "date_from", "date_to", "line", "team"
    }
    answer = schema["components"]["schemas"]["DashboardOutput"]
    assert set(answer["required"]) >= {"figures", "top_problems", "findings", "by_line"}
