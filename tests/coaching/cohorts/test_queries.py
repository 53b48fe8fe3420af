"""Tenure by calendar months, the pooled sides, the test and the order of the gaps."""

from __future__ import annotations

from datetime import date

import pytest

from calls.models import Operator
from coaching.cohorts.queries import (
    Side,
    add_months,
    cohort_comparison,
    is_new,
    two_proportion_p,
)
from coaching.competency.queries import Period
from project.stats.intervals import wilson_interval
from tests.coaching.cohorts.conftest import Staff

NOVEMBER = Period(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))


def test_months_are_calendar_months() -> None:
    assert add_months(date(2026, 5, 31), 6) == date(2026, 11, 30)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert is_new(date(2026, 5, 31), on=date(2026, 11, 29), months=6)
    assert not is_new(date(2026, 5, 31), on=date(2026, 11, 30), months=6)


def test_two_proportion_test_flags_2_of_10_against_8_of_10() -> None:
    new, experienced = Side(shown=2, not_shown=8), Side(shown=8, not_shown=2)
    assert two_proportion_p(new, experienced) == pytest.approx(0.00729, abs=1e-4)
    # Why not the intervals' overlap: these two 95% Wilson intervals do overlap.
    low, high = wilson_interval(8, 10), wilson_interval(2, 10)
    assert low is not None and high is not None and high.high > low.low
    assert two_proportion_p(Side(shown=5), Side(shown=3)) is None
    assert two_proportion_p(Side(), Side(shown=1)) is None


def test_team_comparison_with_known_answer(staff: Staff) -> None:
    team = Operator.objects.filter(team=staff.team)
    comparison = cohort_comparison(operators=team, period=NOVEMBER, months=6)
    assert set(comparison.cohorts.new) == {staff.n1, staff.n2}
    assert comparison.cohorts.experienced == [staff.e1]
    assert comparison.cohorts.unknown == [staff.u]
    need, greeting = comparison.rows
    assert need.skill == staff.need
    assert (need.new.shown, need.new.calls, need.new.operators) == (2, 10, 2)
    assert (need.experienced.shown, need.experienced.calls, need.experienced.operators) == (
        8, 10, 1)
    assert need.gap == pytest.approx(60)
    assert need.meaningful and need.top
    assert need.weight == pytest.approx(600)
    assert greeting.gap == pytest.approx(-50)
    assert not greeting.meaningful and not greeting.top
    assert comparison.top == [need]


def test_everyone_dilutes_the_gap_below_meaning(staff: Staff) -> None:
    comparison = cohort_comparison(operators=Operator.objects.all(), period=NOVEMBER, months=6)
    need = comparison.rows[0]
    assert (need.experienced.shown, need.experienced.calls) == (8, 20)
    assert need.gap == pytest.approx(20)
    assert need.p_value == pytest.approx(0.2733, abs=1e-3)
    assert not need.meaningful and comparison.top == []


def test_threshold_moves_operators_between_sides(staff: Staff) -> None:
    team = Operator.objects.filter(team=staff.team)
    comparison = cohort_comparison(operators=team, period=NOVEMBER, months=3)
    assert comparison.cohorts.new == [staff.n1]
    need = comparison.rows[0]
    assert (need.new.shown, need.new.calls) == (1, 5)
    assert (need.experienced.shown, need.experienced.calls) == (9, 15)
    assert need.gap == pytest.approx(40)
