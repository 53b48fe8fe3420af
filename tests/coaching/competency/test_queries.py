"""The map's numbers on constructed results with known answers (conftest.py has the table)."""

from __future__ import annotations

from datetime import date

import pytest

from coaching.competency.queries import (
    Period,
    competency_map,
    shown_percent,
    skill_calls,
    team_medians,
)
from coaching.models import SkillResult
from tests.coaching.competency.conftest import Competency

NOVEMBER = Period(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))


def test_scores_calls_interval_skipped_and_median(competency: Competency) -> None:
    need, greeting = competency_map(operator=competency.a, period=NOVEMBER)
    assert need.skill == competency.need
    assert (need.shown, need.not_shown, need.calls) == (3, 2, 5)
    assert need.score == pytest.approx(60)
    assert need.skipped_share == pytest.approx(0.4)
    assert need.interval is not None
    # Wilson 95% of 3/5: 0.2307–0.8824 (statsmodels proportion_confint(3, 5, method="wilson")).
    assert need.interval.low == pytest.approx(23.07, abs=0.01)
    assert need.interval.high == pytest.approx(88.24, abs=0.01)
    assert need.enough_data
    assert need.team_median == pytest.approx(60)
    assert greeting.skill == competency.greeting
    assert (greeting.calls, greeting.score, greeting.skipped_share, greeting.interval) == (
        0, None, None, None)
    assert not greeting.enough_data
    assert greeting.team_median == pytest.approx(100)


def test_the_period_bounds_count(competency: Competency) -> None:
    need = competency_map(operator=competency.a, period=Period())[0]
    assert (need.shown, need.not_shown) == (3, 3)  # October's call joins; unanalysed never
    october = competency_map(operator=competency.a,
                             period=Period(date_to=date(2026, 10, 31)))[0]
    assert (october.shown, october.not_shown) == (0, 1)


def test_few_calls_are_not_a_verdict(competency: Competency) -> None:
    need = competency_map(operator=competency.b, period=NOVEMBER)[0]
    assert need.calls == 2 and not need.enough_data
    assert need.score == pytest.approx(50)


def test_team_median_is_per_team(competency: Competency) -> None:
    assert team_medians(operator=competency.d, period=NOVEMBER) == {competency.need.pk: 0}
    competency.a.team = None
    assert team_medians(operator=competency.a, period=NOVEMBER) == {}


def test_skill_calls_are_the_calls_behind_the_number(competency: Competency) -> None:
    skipped = skill_calls(operator=competency.a, skill=competency.need, period=NOVEMBER,
                          status=SkillResult.Status.NOT_SHOWN)
    assert skipped.count() == 2
    assert {call.operator_id for call in skipped} == {competency.a.pk}


def test_shown_percent_is_the_share_of_applicable_calls() -> None:
    assert shown_percent(3, 12) == 25.0
    assert shown_percent(0, 0) is None
