"""project/stats/means.py against scipy on the same data."""

from __future__ import annotations

import random
import statistics

import pytest
from scipy.stats import ttest_ind, ttest_ind_from_stats

from project.stats.means import Sample, welch_test


def _sample(values: list[float]) -> Sample:
    return Sample(
        mean=statistics.fmean(values), variance=statistics.variance(values), count=len(values)
    )


def _skewed(seed: int, n: int, scale: float) -> list[float]:
    rng = random.Random(seed)
    return [rng.lognormvariate(0, 0.8) * scale for _ in range(n)]


CASES = [
    (_skewed(1, 60, 300), _skewed(2, 80, 260)),
    (_skewed(3, 500, 300), _skewed(4, 40, 300)),
    ([1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0, 10.0]),
    (_skewed(5, 2000, 1.0), _skewed(6, 3000, 1.1)),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_welch_matches_scipy(before: list[float], after: list[float]) -> None:
    result = welch_test(before=_sample(before), after=_sample(after))
    assert result is not None
    reference = ttest_ind(after, before, equal_var=False)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-9)
    assert result.t == pytest.approx(reference.statistic, rel=1e-9)
    assert result.degrees_of_freedom == pytest.approx(reference.df, rel=1e-9)
    low, high = reference.confidence_interval(0.95)
    assert (result.interval.low, result.interval.high) == pytest.approx((low, high), rel=1e-9)
    assert result.difference == pytest.approx(statistics.fmean(after) - statistics.fmean(before))


def test_welch_from_summary_matches_scipy_from_stats() -> None:
    before, after = Sample(300.0, 150.0**2, 120), Sample(270.0, 110.0**2, 95)
    reference = ttest_ind_from_stats(270.0, 110.0, 95, 300.0, 150.0, 120, equal_var=False)
    result = welch_test(before=before, after=after)
    assert result is not None and result.p_value == pytest.approx(reference.pvalue, rel=1e-9)


def test_welch_needs_two_values_a_side() -> None:
    assert welch_test(before=Sample(1.0, 0.0, 1), after=Sample(2.0, 1.0, 10)) is None


def test_welch_without_any_spread() -> None:
    same = welch_test(before=Sample(5.0, 0.0, 10), after=Sample(5.0, 0.0, 10))
    assert same is not None and same.p_value == 1.0
    moved = welch_test(before=Sample(5.0, 0.0, 10), after=Sample(7.0, 0.0, 10))
    assert moved is not None and moved.p_value == 0.0 and moved.difference == 2.0
