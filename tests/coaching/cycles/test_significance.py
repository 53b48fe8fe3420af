"""Fisher's exact test and the verdict rule on tables with known answers."""

from __future__ import annotations

from math import comb

import pytest

from coaching.cycles.significance import MIN_CALLS, Direction, compare, fisher_p
from coaching.models import CoachingCycle

Verdict = CoachingCycle.Verdict


def _hand_fisher(a: int, row1: int, c: int, row2: int) -> float:
    """Two-sided Fisher p by hand: the hypergeometric probabilities of every table with the same
    margins no more likely than the observed one."""
    total, shown = row1 + row2, a + c
    probability = [comb(shown, k) * comb(total - shown, row1 - k) / comb(total, row1)
                   for k in range(max(0, shown - row2), min(shown, row1) + 1)]
    observed = comb(shown, a) * comb(total - shown, row1 - a) / comb(total, row1)
    return sum(p for p in probability if p <= observed * (1 + 1e-7))


def test_a_known_effect_is_a_change_upwards() -> None:
    result = compare(before_shown=2, before_calls=20, after_shown=16, after_calls=20)
    assert result.verdict == Verdict.CHANGED
    assert result.p_value == pytest.approx(1.6643814e-05, rel=1e-6)
    assert result.p_value == pytest.approx(_hand_fisher(2, 20, 16, 20), rel=1e-9)
    assert (result.before_share, result.after_share) == (10.0, 80.0)
    assert result.delta == pytest.approx(70.0)
    assert result.direction == Direction.UP


def test_no_effect_is_no_change() -> None:
    result = compare(before_shown=10, before_calls=20, after_shown=11, after_calls=20)
    assert result.verdict == Verdict.UNCHANGED
    assert result.p_value == pytest.approx(1.0)
    assert result.delta == pytest.approx(5.0)


def test_a_drop_is_a_change_too_and_a_moderate_one_is_not() -> None:
    drop = compare(before_shown=16, before_calls=20, after_shown=2, after_calls=20)
    assert (drop.verdict, drop.direction) == (Verdict.CHANGED, Direction.DOWN)
    moderate = compare(before_shown=5, before_calls=20, after_shown=11, after_calls=20)
    assert moderate.p_value == pytest.approx(_hand_fisher(5, 20, 11, 20))
    assert moderate.p_value == pytest.approx(0.10534, abs=1e-5)
    assert moderate.verdict == Verdict.UNCHANGED


def test_fewer_than_ten_calls_a_side_is_too_few_and_no_test_is_run() -> None:
    assert MIN_CALLS == 10
    few = compare(before_shown=2, before_calls=20, after_shown=3, after_calls=3)
    assert (few.verdict, few.p_value) == (Verdict.TOO_FEW, None)
    assert compare(before_shown=0, before_calls=9, after_shown=10, after_calls=10).verdict == \
        Verdict.TOO_FEW
    assert compare(before_shown=0, before_calls=10, after_shown=10, after_calls=10).verdict == \
        Verdict.CHANGED
    empty = compare(before_shown=0, before_calls=0, after_shown=0, after_calls=0)
    assert (empty.delta, empty.direction) == (None, None)


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        compare(before_shown=5, before_calls=4, after_shown=0, after_calls=10)
    assert fisher_p(before_shown=3, before_calls=10, after_shown=3, after_calls=10) == 1.0


def test_the_p_value_is_written_for_people() -> None:
    assert compare(before_shown=2, before_calls=20, after_shown=16, after_calls=20).p_text == \
        "< 0,001"
    assert compare(before_shown=5, before_calls=20, after_shown=11, after_calls=20).p_text == \
        "= 0,105"
    assert compare(before_shown=0, before_calls=2, after_shown=0, after_calls=2).p_text == ""
