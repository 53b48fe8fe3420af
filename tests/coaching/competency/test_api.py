"""GET /api/v1/operators/{code}/competency/: numbers, role rules and bad parameters."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from project.roles import Role
from tests.coaching.competency.conftest import Competency
from tests.factories import UserFactory, api_client_for

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def _url(code: str) -> str:
    return f"/api/v1/operators/{code}/competency/"


def test_the_operator_gets_their_map(competency: Competency) -> None:
    response = api_client_for(competency.a.user).get(_url("a"), NOVEMBER)
    assert response.status_code == 200
    body = response.json()
    assert body["operator"] == "a"
    assert body["period"] == NOVEMBER
    need, greeting = body["skills"]
    assert need["code"] == "need" and need["name"] == "Уточнение потребности"
    assert need["score"] == pytest.approx(60) and need["calls"] == 5
    assert need["skipped_share"] == pytest.approx(0.4)
    assert need["team_median"] == pytest.approx(60)
    assert need["enough_data"] is True
    assert need["interval"]["low"] == pytest.approx(23.07, abs=0.01)
    assert need["interval"]["high"] == pytest.approx(88.24, abs=0.01)
    assert greeting == {"code": "greeting", "name": "Приветствие", "score": None, "calls": 0,
                        "enough_data": False, "interval": None, "skipped_share": None,
                        "team_median": 100.0}


def test_without_dates_the_period_is_open(competency: Competency) -> None:
    body = api_client_for(competency.a.user).get(_url("a")).json()
    assert body["period"] == {"date_from": None, "date_to": None}
    assert body["skills"][0]["calls"] == 6


def test_an_operator_cannot_see_a_colleague(competency: Competency) -> None:
    # 404, as for a code that does not exist: the colleague's existence is not revealed.
    client = api_client_for(competency.a.user)
    assert client.get(_url("b")).status_code == 404
    assert client.get(_url("nobody")).status_code == 404
    assert client.get(_url("b")).json()["error"]["code"] == "not_found"


def test_a_manager_sees_only_their_teams(competency: Competency) -> None:
    client = api_client_for(competency.team.manager)
    assert client.get(_url("b")).status_code == 200
    assert client.get(_url("d")).status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_trainers_and_admins_see_everyone(competency: Competency, role: Role) -> None:
    client = api_client_for(UserFactory(role=role))
    assert client.get(_url("d")).status_code == 200


def test_a_user_without_a_role_sees_no_one(competency: Competency) -> None:
    assert api_client_for(UserFactory()).get(_url("a")).status_code == 404


def test_anonymous_is_refused(competency: Competency) -> None:
    assert APIClient().get(_url("a")).status_code == 401


@pytest.mark.parametrize("params", [
    {"date_from": "вчера"},
    {"date_to": "2026-13-01"},
    {"date_from": ""},
    {"date_from": "2026-11-30", "date_to": "2026-11-01"},
])
def test_bad_dates_are_400_in_the_common_shape(competency: Competency,
                                               params: dict[str, str]) -> None:
    response = api_client_for(competency.a.user).get(_url("a"), params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
