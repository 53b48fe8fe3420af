"""project/stats/effect_sizes.py against statsmodels on the same data."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.meta_analysis import effectsize_smd
from statsmodels.stats.proportion import proportion_effectsize

from project.stats.effect_sizes import cohens_h, effect_band, hedges_g
from project.stats.means import Sample


@pytest.mark.parametrize(("before", "after"), [(0.12, 0.07), (0.5, 0.5), (0.01, 0.05), (0, 1)])
def test_cohens_h_matches_statsmodels(before: float, after: float) -> None:
    assert cohens_h(before=before, after=after) == pytest.approx(
        proportion_effectsize(after, before), abs=1e-12
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Sample(300.0, 150.0**2, 120), Sample(270.0, 110.0**2, 95)),
        (Sample(0.2, 0.01, 30), Sample(0.25, 0.02, 31)),
        (Sample(10.0, 4.0, 2), Sample(12.0, 9.0, 3)),
    ],
)
def test_hedges_g_matches_statsmodels(before: Sample, after: Sample) -> None:
    expected, _variance = effectsize_smd(
        after.mean, math.sqrt(after.variance), after.count,
        before.mean, math.sqrt(before.variance), before.count,
    )
    assert hedges_g(before=before, after=after) == pytest.approx(expected, rel=1e-12)


def test_hedges_g_undefined() -> None:
    assert hedges_g(before=Sample(1.0, 0.0, 1), after=Sample(1.0, 0.0, 5)) is None
    assert hedges_g(before=Sample(1.0, 0.0, 5), after=Sample(1.0, 0.0, 5)) is None


def test_effect_bands() -> None:
    assert [effect_band(v) for v in (0.1, -0.3, 0.6, 0.9)] == [
        "пренебрежимо малый", "малый", "средний", "большой",
    ]
