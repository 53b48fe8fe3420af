"""Tests on a 2×2 table of counts.

Fisher's exact test, not the chi-square test: the tables here are small (a control re-listen of a
dozen calls a side, a rare tag pair), often with a share near 0 or 1, and there the chi-square
approximation is not valid (expected counts under 5); the exact test has no such condition.
"""

from __future__ import annotations

from typing import Literal

from scipy.stats import fisher_exact

Alternative = Literal["two-sided", "less", "greater"]


def fisher_exact_p(
    *, a: int, b: int, c: int, d: int, alternative: Alternative = "two-sided"
) -> float:
    """The p-value of Fisher's exact test on the table [[a, b], [c, d]]."""
    if min(a, b, c, d) < 0:
        raise ValueError("a 2×2 table holds counts, not negative numbers")
    _odds, p_value = fisher_exact([[a, b], [c, d]], alternative=alternative)
    return min(1.0, float(p_value))
