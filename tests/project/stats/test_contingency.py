"""project/stats/contingency.fisher_exact_p against the hypergeometric distribution computed
independently (scipy.stats.hypergeom), scipy's fisher_exact, and Fisher's own tea-tasting table;
the fast one-sided test against scipy's on tables up to 100,000 calls."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import fisher_exact, hypergeom

from project.stats.contingency import fisher_exact_p, fisher_greater_p

COUNT = st.integers(min_value=0, max_value=30)


def _by_definition(a: int, b: int, c: int, d: int, alternative: str) -> float:
    """P-value from the hypergeometric law of `a` given the margins: two-sided sums every table
    no more likely than the observed one (the usual definition, with scipy's relative tolerance);
    «greater» the tables with a ≥ observed, «less» with a ≤ observed."""
    total, row, column = a + b + c + d, a + b, a + c
    if total == 0:
        return 1.0  # an empty table: nothing observed, no evidence against independence
    law = hypergeom(total, column, row)
    low, high = max(0, row + column - total), min(row, column)
    if alternative == "greater":
        return float(sum(law.pmf(x) for x in range(a, high + 1)))
    if alternative == "less":
        return float(sum(law.pmf(x) for x in range(low, a + 1)))
    observed = law.pmf(a)
    return float(
        sum(law.pmf(x) for x in range(low, high + 1) if law.pmf(x) <= observed * (1 + 1e-7))
    )


@settings(max_examples=200, deadline=None)
@given(COUNT, COUNT, COUNT, COUNT, st.sampled_from(["two-sided", "less", "greater"]))
def test_fisher_matches_the_hypergeometric_law_and_scipy(
    a: int, b: int, c: int, d: int, alternative: str
) -> None:
    ours = fisher_exact_p(a=a, b=b, c=c, d=d, alternative=alternative)  # type: ignore[arg-type]
    assert ours == pytest.approx(min(1.0, _by_definition(a, b, c, d, alternative)), abs=1e-9)
    assert ours == pytest.approx(
        min(1.0, fisher_exact([[a, b], [c, d]], alternative=alternative)[1]), abs=1e-12
    )
    assert 0.0 <= ours <= 1.0


def test_the_lady_tasting_tea() -> None:
    # Fisher (1935): 3 of 4 cups right each way; p = 17/70 one-sided, 34/70 two-sided.
    assert fisher_exact_p(a=3, b=1, c=1, d=3, alternative="greater") == pytest.approx(17 / 70)
    assert fisher_exact_p(a=3, b=1, c=1, d=3) == pytest.approx(34 / 70)


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        fisher_exact_p(a=-1, b=0, c=0, d=0)


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
