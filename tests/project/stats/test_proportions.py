"""project/stats/proportions.py against statsmodels on the same counts."""

from __future__ import annotations

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from project.stats.contingency import fisher_exact_p
from project.stats.proportions import newcombe_interval, share_change, two_proportion_z_p

COUNTS = [
    (56, 70, 48, 80),
    (120, 1000, 90, 1000),
    (5, 56, 0, 29),
    (1, 10, 9, 10),
    (3000, 100000, 2800, 100000),
]


@pytest.mark.parametrize(("x1", "n1", "x2", "n2"), COUNTS)
def test_z_test_matches_statsmodels(x1: int, n1: int, x2: int, n2: int) -> None:
    _z, expected = proportions_ztest([x1, x2], [n1, n2])
    assert two_proportion_z_p(x1=x1, n1=n1, x2=x2, n2=n2) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("x1", "n1", "x2", "n2"), COUNTS)
def test_newcombe_matches_statsmodels(x1: int, n1: int, x2: int, n2: int) -> None:
    low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    interval = newcombe_interval(x1=x1, n1=n1, x2=x2, n2=n2)
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-9)


def test_newcombe_published_example() -> None:
    # Newcombe (1998), table II, example (a): 56/70 − 48/80 → −0.0524 … 0.3339 (method 10).
    interval = newcombe_interval(x1=56, n1=70, x2=48, n2=80)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.0524, 0.3339)


def test_share_change_uses_the_z_test_with_enough_calls() -> None:
    change = share_change(before=90, before_trials=1000, after=120, after_trials=1000)
    assert change is not None and change.test == "z"
    assert change.difference == pytest.approx(0.03)
    assert change.p_value == pytest.approx(proportions_ztest([120, 90], [1000, 1000])[1])
    assert change.interval.low > 0  # more than noise: the interval leaves zero out


def test_share_change_uses_fisher_for_small_counts() -> None:
    change = share_change(before=0, before_trials=12, after=4, after_trials=10)
    assert change is not None and change.test == "fisher"
    assert change.p_value == pytest.approx(fisher_exact_p(a=4, b=6, c=0, d=12))


def test_share_change_without_a_previous_period() -> None:
    assert share_change(before=0, before_trials=0, after=3, after_trials=10) is None
