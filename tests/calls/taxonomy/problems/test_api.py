"""GET /api/v1/taxonomy/top-problems/ and /api/v1/taxonomy/cooccurrence/: the numbers, the
roles and bad input answered 400 in Russian."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from calls.taxonomy.cooccurrence.api import CooccurrenceOutput, PairOutput
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    LineFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    api_client_for,
)

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
QUERY = "?date_from=2026-11-09&date_to=2026-11-15"
TOP = "/api/v1/taxonomy/top-problems/"
PAIRS = "/api/v1/taxonomy/cooccurrence/"


@pytest.fixture
def week() -> None:
    cancel = TagFactory(code="cancel", name="Сложность отмены заказа")
    promo = TagFactory(code="promo", name="Не пришёл промокод")
    for index in range(10):
        call = CallFactory(started_at=datetime(2026, 11, 10, 9, index, tzinfo=MOSCOW))
        if index < 8:
            CallTagFactory(call=call, tag=cancel)
            CallTagFactory(call=call, tag=promo)
    # The week before: 2 of 10 with the cancellation problem.
    for index in range(10):
        call = CallFactory(started_at=datetime(2026, 11, 3, 9, index, tzinfo=MOSCOW))
        if index < 2:
            CallTagFactory(call=call, tag=cancel)


def test_top_problems(week: None) -> None:
    data = api_client_for(UserFactory(role=Role.ADMIN)).get(TOP + QUERY).json()
    assert data["period"] == {"date_from": "2026-11-09", "date_to": "2026-11-15"}
    assert data["previous_period"] == {"date_from": "2026-11-02", "date_to": "2026-11-08"}
    assert (data["analysed_calls"], data["previous_analysed_calls"]) == (10, 10)
    first = data["problems"][0]
    assert (first["tag"], first["calls"], first["share"], first["previous_calls"]) == (
        "cancel",
        8,
        0.8,
        2,
    )
    # Every expected count is 5 (10 hits in 20 calls): the z-test.
    assert first["trend"]["test"] == "z" and first["trend"]["direction"] == "up"
    assert first["links"]["calls"].startswith("/calls/?date_from=2026-11-09")


def test_cooccurrence(week: None) -> None:
    data = api_client_for(UserFactory(role=Role.TRAINER)).get(PAIRS + QUERY).json()
    assert data["period"] == {"date_from": "2026-11-09", "date_to": "2026-11-15"}
    assert set(data) == set(CooccurrenceOutput().fields)  # the documented shape
    assert set(data["pairs"][0]) == set(PairOutput().fields)
    assert (data["calls"], data["tested"], data["correction"]) == (10, 1, "benjamini_hochberg")
    pair = data["pairs"][0]
    assert (pair["tag_a"], pair["tag_b"], pair["both"], pair["p_b_given_a"]) == (
        "cancel",
        "promo",
        8,
        1.0,
    )
    assert pair["strong"] and "tag=cancel&also_tag=promo" in pair["calls_url"]


def test_a_manager_counts_only_their_teams_calls(week: None) -> None:
    manager = UserFactory(role=Role.MANAGER)
    CallFactory(
        operator=OperatorFactory(team=TeamFactory(manager=manager)),
        started_at=datetime(2026, 11, 10, 12, 0, tzinfo=MOSCOW),
    )
    data = api_client_for(manager).get(TOP + QUERY).json()
    assert data["analysed_calls"] == 1 and data["problems"] == []


def test_operators_are_refused(week: None) -> None:
    client = api_client_for(UserFactory(role=Role.OPERATOR))
    for url in (TOP, PAIRS):
        response = client.get(url + QUERY)
        assert response.status_code == 403
        assert "руководителям, тренерам и администраторам" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?date_from=2026-11-15&date_to=2026-11-01", "date_to", "Конец периода раньше его начала."),
        ("?date_from=2024-01-01&date_to=2026-11-01", "date_to", "Период длиннее 366 дней"),
        ("?date_from=вчера", "date_from", "Неправильный формат date"),
        ("?date_from=", "date_from", "Пустое значение"),
        ("?line=nowhere", "line", "Линии «nowhere» нет."),
    ],
)
def test_bad_input_is_a_russian_400(query: str, field: str, message: str) -> None:
    LineFactory()
    client = api_client_for(UserFactory(role=Role.ADMIN))
    for url in (TOP, PAIRS):
        response = client.get(url + query)
        assert response.status_code == 400, (url, query)
        error = response.json()["error"]
        assert message in " ".join(error["details"][field]), error


def test_unknown_category_is_a_400() -> None:
    response = api_client_for(UserFactory(role=Role.ADMIN)).get(PAIRS + "?category=999")
    assert response.status_code == 400
    assert "Категории с id 999 нет." in response.json()["error"]["details"]["category"]
