"""Tests on a 2×2 table of counts.

Fisher's exact test, not the chi-square test: the tables here are small (a control re-listen of a
dozen calls a side, a rare tag pair), often with a share near 0 or 1, and there the chi-square
approximation is not valid (expected counts under 5); the exact test has no such condition.
"""

from __future__ import annotations

import math
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


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


# A tail term this much smaller than the sum so far no longer changes a double.
_NEGLIGIBLE = 1e-17


def fisher_greater_p(*, a: int, b: int, c: int, d: int) -> float:
    """The one-sided ("greater") p-value of Fisher's exact test on [[a, b], [c, d]]: the chance
    of at least `a` in the first cell with the margins fixed. The same value as
    fisher_exact_p(alternative="greater"), computed by walking the hypergeometric tail from
    `a` until its terms vanish: scipy takes ~0.3 ms a table, and co-occurrence tests a
    thousand pairs of tags on every page (docs/cooccurrence.md)."""
    if min(a, b, c, d) < 0:
        raise ValueError("a 2×2 table holds counts, not negative numbers")
    row, col, total = a + b, a + c, a + b + c + d
    low, high = max(0, row + col - total), min(row, col)
    if a <= low:
        return 1.0
    rest = total - row - col

    def log_pmf(x: int) -> float:
        return _log_choose(col, x) + _log_choose(total - col, row - x) - _log_choose(total, row)

    mode = (row + 1) * (col + 1) // (total + 2)
    if a > mode:
        # The upper tail from a: terms fall from the first one on.
        term, tail, x = 1.0, 1.0, a
        while x < high:
            term *= (row - x) * (col - x) / ((x + 1) * (rest + x + 1))
            tail += term
            x += 1
            if term < tail * _NEGLIGIBLE:
                break
        return min(1.0, math.exp(log_pmf(a)) * tail)
    # a at or below the mode: 1 − P(X ≤ a − 1), the lower tail walked down from a − 1.
    term, tail, x = 1.0, 1.0, a - 1
    while x > low:
        term *= x * (rest + x) / ((row - x + 1) * (col - x + 1))
        tail += term
        x -= 1
        if term < tail * _NEGLIGIBLE:
            break
    return min(1.0, max(0.0, 1.0 - math.exp(log_pmf(a - 1)) * tail))
