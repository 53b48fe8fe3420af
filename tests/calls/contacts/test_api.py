"""The contacts API: strict input, role rules, figures over the caller's visible calls."""

from __future__ import annotations

import pytest

from calls.models import ContactGoal
from project.roles import Role
from tests.factories import UserFactory, api_client_for

pytestmark = pytest.mark.django_db


def test_fcr_by_operator(world: dict) -> None:
    admin = UserFactory(role=Role.ADMIN)
    body = api_client_for(admin).get("/api/v1/contacts/fcr/", {"by": "operator"}).json()
    rows = {row["group"]["name"]: row for row in body["rows"]}
    assert (rows["Анна"]["measured"], rows["Анна"]["came_back"],
            rows["Анна"]["came_back_same_tag"]) == (2, 1, 1)
    assert rows["Анна"]["fcr"] == pytest.approx(0.5)
    assert rows["Борис"]["fcr"] == 1.0
    assert "came_back=true" in rows["Анна"]["came_back_url"]
    assert body["by"] == "operator"


def test_an_operator_gets_only_their_own_row(world: dict) -> None:
    body = api_client_for(world["b"].user).get("/api/v1/contacts/fcr/",
                                               {"by": "operator"}).json()
    assert [row["group"]["name"] for row in body["rows"]] == ["Борис"]
    reasons = api_client_for(world["b"].user).get("/api/v1/contacts/repeat-reasons/").json()
    assert reasons["reasons"] == []


def test_repeat_reasons(world: dict) -> None:
    admin = UserFactory(role=Role.ADMIN)
    body = api_client_for(admin).get("/api/v1/contacts/repeat-reasons/", {"limit": 5}).json()
    assert [(r["tag"], r["repeats"], r["same_tag"]) for r in body["reasons"]] == [
        ("delivery", 1, 1)
    ]
    assert body["reasons"][0]["examples"] == [world["again"].pk]


@pytest.mark.parametrize("path,query", [
    ("/api/v1/contacts/fcr/", {"by": "who"}),
    ("/api/v1/contacts/fcr/", {"by": ""}),
    ("/api/v1/contacts/fcr/", {"date_from": ""}),
    ("/api/v1/contacts/fcr/", {"line": "nope"}),
    ("/api/v1/contacts/fcr/", {"date_from": "2026-05-01", "date_to": "2026-04-01"}),
    ("/api/v1/contacts/repeat-reasons/", {"limit": "0"}),
    ("/api/v1/contacts/repeat-reasons/", {"limit": str(2**70)}),
])
def test_bad_queries_are_a_400(world: dict, path: str, query: dict[str, str]) -> None:
    admin = UserFactory(role=Role.ADMIN)
    assert api_client_for(admin).get(path, query).status_code == 400


def test_goals_list_and_create(world: dict) -> None:
    manager = world["manager"]
    client = api_client_for(manager)
    data = {"name": "Меньше повторных", "metric": "repeat_rate", "target_change": -15,
            "tag": "delivery", "starts_on": "2026-01-01", "ends_on": "2026-03-31"}
    created = client.post("/api/v1/contacts/goals/", data, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["tag"] == "delivery"
    listed = client.get("/api/v1/contacts/goals/").json()
    assert [goal["name"] for goal in listed] == ["Меньше повторных"]
    assert "baseline" in listed[0] and "progress" in listed[0]


@pytest.mark.parametrize("change", [
    {"target_change": "-15"}, {"target_change": 0}, {"metric": "nope"}, {"team": 2**70},
    {"team": ""}, {"ends_on": "2025-01-01"}, {"extra": 1}, {"tag": "missing"},
])
def test_goal_input_is_strict(world: dict, change: dict) -> None:
    data = {"name": "Цель", "metric": "fcr", "target_change": 10,
            "starts_on": "2026-01-01", "ends_on": "2026-03-31", **change}
    response = api_client_for(world["manager"]).post("/api/v1/contacts/goals/", data,
                                                     format="json")
    assert response.status_code == 400
    assert not ContactGoal.objects.exists()


def test_only_managers_and_admins_create_goals(world: dict) -> None:
    data = {"name": "Цель", "metric": "fcr", "target_change": 10,
            "starts_on": "2026-01-01", "ends_on": "2026-03-31"}
    for user in (world["a"].user, UserFactory(role=Role.TRAINER)):
        response = api_client_for(user).post("/api/v1/contacts/goals/", data, format="json")
        assert response.status_code == 403
    foreign = api_client_for(world["manager"]).post(
        "/api/v1/contacts/goals/", {**data, "team": world["b"].team_id}, format="json")
    assert foreign.status_code == 400
    assert api_client_for(UserFactory(role=Role.DEPARTMENT)).get(
        "/api/v1/contacts/goals/").status_code == 403
