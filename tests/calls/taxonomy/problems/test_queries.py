"""calls/taxonomy/problems/queries.py: shares of calls, of the category and within it, the
previous period and the trend, on a constructed week."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from calls.models import Call, CallTag
from calls.taxonomy.problems.queries import top_problems
from calls.taxonomy.problems.scope import Period, Scope
from calls.taxonomy.services import call_tag_remove
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    LineFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
WEEK = Period(date_from=date(2026, 11, 9), date_to=date(2026, 11, 15))
THIS_WEEK = datetime(2026, 11, 11, 10, 0, tzinfo=MOSCOW)
LAST_WEEK = datetime(2026, 11, 4, 10, 0, tzinfo=MOSCOW)


def _call(*tags: object, at: datetime = THIS_WEEK, **fields: object) -> Call:
    call = CallFactory(started_at=at, **fields)
    for tag in tags:
        CallTagFactory(call=call, tag=tag)
    return call


def test_shares_of_calls_of_the_category_and_within_it() -> None:
    tech = TagCategoryFactory(name="Технические неполадки")
    login = TagFactory(code="login", name="Ошибка при авторизации", category=tech)
    app = TagFactory(code="app", name="Не работает приложение", category=tech)
    thanks = TagFactory(
        code="thanks", category=TagCategoryFactory(name="Благодарность", is_problem=False)
    )
    # 10 analysed calls: 4 with a technical problem (login in 3 of them, one twice by source).
    first = _call(login, thanks)
    CallTagFactory(call=first, tag=login, source=CallTag.Source.AUTO)
    _call(login)
    _call(login, app)
    _call(app)
    for _ in range(5):
        _call(thanks)
    removed = _call(login)
    call_tag_remove(call=removed, tag=login, user=None)  # a person removed it: not counted
    _call(login, status=Call.Status.TRANSCRIBED)  # not analysed: not counted

    result = top_problems(scope=Scope(period=WEEK))

    assert result.analysed == 10
    assert [p.tag.code for p in result.problems] == ["login", "app"]  # no gratitude
    top = result.problems[0]
    assert (top.calls, top.category_calls) == (3, 4)
    assert top.share == pytest.approx(0.3)
    assert top.category_share == pytest.approx(0.4)  # «40% — Технические неполадки,
    assert top.share_in_category == pytest.approx(0.75)  # из них 75% — Ошибка при авторизации»


def test_trend_against_the_previous_period_of_the_same_length() -> None:
    login = TagFactory(code="login")
    assert WEEK.previous() == Period(date_from=date(2026, 11, 2), date_to=date(2026, 11, 8))
    for index in range(40):
        _call(*([login] if index < 30 else []))
        _call(*([login] if index < 5 else []), at=LAST_WEEK)
    result = top_problems(scope=Scope(period=WEEK))
    problem = result.problems[0]
    assert (result.analysed, result.previous_analysed) == (40, 40)
    assert (problem.calls, problem.previous_calls) == (30, 5)
    assert problem.change is not None and problem.change.test == "z"
    assert problem.change.difference == pytest.approx(25 / 40)
    assert problem.trend == "up" and "чаще" in problem.verdict


def test_small_change_is_noise_and_a_missing_previous_period_is_said() -> None:
    login = TagFactory(code="login")
    _call(login), _call(), _call(login, at=LAST_WEEK), _call(at=LAST_WEEK)
    problem = top_problems(scope=Scope(period=WEEK)).problems[0]
    assert problem.change is not None and problem.change.test == "fisher"
    assert problem.trend == "same" and "случайных колебаний" in problem.verdict
    later = top_problems(
        scope=Scope(period=Period(date_from=date(2026, 11, 11), date_to=date(2026, 11, 11)))
    )
    assert later.previous_analysed == 0 and later.problems[0].trend == "unknown"


def test_line_and_the_managers_teams() -> None:
    login = TagFactory(code="login")
    other_line = LineFactory(code="sales", name="Продажи")
    manager = UserFactory(role=Role.MANAGER)
    own = OperatorFactory(team=TeamFactory(manager=manager))
    _call(login, operator=own)
    _call(login, line=other_line)
    _call(operator=own)
    assert top_problems(scope=Scope(period=WEEK)).problems[0].calls == 2
    on_line = top_problems(scope=Scope(period=WEEK, line=other_line))
    assert (on_line.analysed, on_line.problems[0].calls) == (1, 1)
    seen = top_problems(scope=Scope(period=WEEK, user=manager))
    assert (seen.analysed, seen.problems[0].calls) == (2, 1)


def test_at_most_seven_problems() -> None:
    tags = [TagFactory(code=f"problem{n}") for n in range(9)]
    for n, tag in enumerate(tags):
        for _ in range(n + 1):
            _call(tag)
    result = top_problems(scope=Scope(period=WEEK))
    assert [p.tag.code for p in result.problems] == [f"problem{n}" for n in range(8, 1, -1)]
