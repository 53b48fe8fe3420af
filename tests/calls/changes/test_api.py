"""The changes API: list, detail with the evaluation as JSON, registering; role rules; strict
input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from calls.models import Change
from project.roles import Role
from tests.factories import (
    LineFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
    api_client_for,
)
from tests.factories_changes import ChangeFactory, calls_on_days, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def change() -> Change:
    line = LineFactory(code="support")
    tag = TagFactory(code="navigation", name="Навигация",
                     category=TagCategoryFactory(is_problem=True))
    operator = OperatorFactory()
    calls_on_days(on=days(date(2026, 3, 1), date(2026, 3, 14)), per_day=20, operator=operator,
                  line=line, tag=tag, tagged=lambda i: i % 5 == 0)
    calls_on_days(on=days(date(2026, 3, 16), date(2026, 3, 29)), per_day=20, operator=operator,
                  line=line, tag=tag, tagged=lambda i: i % 20 == 0)
    change = ChangeFactory(changed_on=date(2026, 3, 15), title="Упростили голосовое меню")
    change.tags.set([tag])
    change.lines.set([line])
    return change


def test_list_with_verdicts(change: Change) -> None:
    response = api_client_for(UserFactory(role=Role.TRAINER)).get("/api/v1/changes/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == change.pk and item["verdict"] == "helped"
    assert item["lines"] == ["support"] and item["tags"] == ["navigation"]
    assert item["verdict_text"].startswith("После изменения доля звонков с тегом «Навигация»")


def test_detail_has_every_figure_with_its_statistics(change: Change) -> None:
    response = api_client_for(UserFactory(role=Role.ADMIN)).get(f"/api/v1/changes/{change.pk}/")
    assert response.status_code == 200
    evaluation = response.json()["evaluation"]
    assert evaluation["verdict"] == "helped" and evaluation["adjustment"] == "holm"
    assert evaluation["minimum_measured"] == 50
    figure = evaluation["figures"][0]
    assert figure["code"] == "tag:navigation" and figure["primary"] is True
    assert figure["before"]["value"] == pytest.approx(0.2)
    assert figure["after"]["value"] == pytest.approx(0.05)
    assert figure["before"]["measured"] == 280 and figure["after"]["successes"] == 14
    assert figure["test"] == "z" and figure["test_name"] == "z-тест двух долей"
    assert figure["interval"]["high"] < 0 and figure["p_adjusted"] < 0.001
    assert figure["effect_name"] == "h" and figure["direction"] == "better"
    assert figure["before"]["calls"] == (
        "/calls/?date_from=2026-03-01&date_to=2026-03-14&status=analysed&line=support"
        "&tag=navigation"
    )
    assert len(figure["daily"]) == 28
    handling = next(f for f in evaluation["figures"] if f["code"] == "handling_time")
    assert handling["primary"] is False and handling["test"] == "welch"
    assert handling["effect_name"] == "g"


def test_register_a_change() -> None:
    LineFactory(code="support")
    TagFactory(code="navigation")
    manager = UserFactory(role=Role.MANAGER)
    response = api_client_for(manager).post(
        "/api/v1/changes/",
        {"title": "Упростили меню", "changed_on": "2026-03-15", "lines": ["support"],
         "tags": ["navigation"], "window_days": 7},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    change = Change.objects.get()
    assert body["id"] == change.pk and change.created_by == manager and change.window_days == 7
    assert body["evaluation"]["before"]["date_from"] == "2026-03-08"


@pytest.mark.parametrize(
    "payload",
    [
        {"changed_on": "2026-03-15"},
        {"title": "x", "changed_on": "2026-03-15", "lines": ["nope"]},
        {"title": "x", "changed_on": "2026-03-15", "lines": [1]},
        {"title": "x", "changed_on": "2026-03-15", "lines": "support"},
        {"title": "x", "changed_on": "2026-03-15", "window_days": "14"},
        {"title": "x", "changed_on": "2026-03-15", "window_days": 0},
        {"title": "x", "changed_on": "2026-03-15", "colour": "red"},
        {"title": "   ", "changed_on": "2026-03-15"},
        {"title": "x", "changed_on": ""},
    ],
)
def test_bad_input_is_400(payload: dict[str, Any]) -> None:
    LineFactory(code="support")
    response = api_client_for(UserFactory(role=Role.ADMIN)).post(
        "/api/v1/changes/", payload, format="json"
    )
    assert response.status_code == 400
    assert Change.objects.count() == 0


def test_role_rules(change: Change) -> None:
    trainer = api_client_for(UserFactory(role=Role.TRAINER))
    assert trainer.post("/api/v1/changes/", {"title": "x", "changed_on": "2026-03-15"},
                        format="json").status_code == 403
    for role in (Role.OPERATOR, Role.DEPARTMENT):
        client = api_client_for(UserFactory(role=role))
        assert client.get("/api/v1/changes/").status_code == 403
        assert client.get(f"/api/v1/changes/{change.pk}/").status_code == 403


def test_a_manager_gets_their_teams_figures(change: Change) -> None:
    response = api_client_for(UserFactory(role=Role.MANAGER)).get(
        f"/api/v1/changes/{change.pk}/"
    )
    assert response.status_code == 200
    assert response.json()["evaluation"]["verdict"] == "too_few"
    assert response.json()["evaluation"]["figures"][0]["before"]["measured"] == 0


def test_unknown_and_huge_ids_are_404() -> None:
    client = api_client_for(UserFactory(role=Role.ADMIN))
    assert client.get("/api/v1/changes/999/").status_code == 404
    assert client.get(f"/api/v1/changes/{2**64}/").status_code == 404
