"""project/stats/contingency.py: the fast one-sided Fisher test against scipy's."""

from __future__ import annotations

import random

import pytest
from scipy.stats import fisher_exact

from project.stats.contingency import fisher_exact_p, fisher_greater_p


def _tables(count: int) -> list[tuple[int, int, int, int]]:
    rng = random.Random(17)
    tables = []
    for _ in range(count):
        total = rng.choice([4, 20, 150, 3000, 100_000])
        row, col = rng.randint(0, total), rng.randint(0, total)
        a = rng.randint(max(0, row + col - total), min(row, col))
        tables.append((a, row - a, col - a, total - row - col + a))
    return tables


@pytest.mark.parametrize("table", _tables(300))
def test_fisher_greater_matches_scipy(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    _odds, expected = fisher_exact([[a, b], [c, d]], alternative="greater")
    assert fisher_greater_p(a=a, b=b, c=c, d=d) == pytest.approx(expected, rel=1e-8, abs=1e-300)
    assert fisher_exact_p(a=a, b=b, c=c, d=d, alternative="greater") == pytest.approx(
        min(1.0, expected)
    )


def test_fisher_greater_refuses_negative_counts() -> None:
    with pytest.raises(ValueError):
        fisher_greater_p(a=-1, b=0, c=0, d=0)
