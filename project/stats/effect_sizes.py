"""How big a difference is, on a scale that does not depend on the number of calls.

A p-value says whether a difference is more than noise; with 100,000 calls a trivial one is
«significant», with 50 a large one may not be. An effect size says how large it is:

- Cohen's h for two shares: 2·asin √p₂ − 2·asin √p₁. The arcsine makes a step from 1% to 5% and
  one from 45% to 55% comparable (the first matters more, and h says so, while the difference in
  percentage points does not). Checked against statsmodels' proportion_effectsize.
- Hedges' g for two means: the difference over the pooled standard deviation (Cohen's d) times
  the small-sample correction 1 − 3/(4(n₁ + n₂) − 9). Checked against statsmodels'
  effectsize_smd.

Cohen's words for either: about 0.2 small, 0.5 medium, 0.8 large (Cohen 1988).
"""

from __future__ import annotations

import math

from project.stats.means import Sample


def cohens_h(*, before: float, after: float) -> float:
    """Cohen's h of the move from share `before` to share `after` (both 0–1)."""
    if not (0.0 <= before <= 1.0 and 0.0 <= after <= 1.0):
        raise ValueError("shares lie between 0 and 1")
    return 2 * math.asin(math.sqrt(after)) - 2 * math.asin(math.sqrt(before))


def hedges_g(*, before: Sample, after: Sample) -> float | None:
    """Hedges' g of after.mean − before.mean; None when it is undefined (fewer than two values
    on a side, or no spread at all)."""
    n1, n2 = before.count, after.count
    if n1 < 2 or n2 < 2:
        return None
    pooled = ((n1 - 1) * before.variance + (n2 - 1) * after.variance) / (n1 + n2 - 2)
    if pooled <= 0:
        return None
    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    return correction * (after.mean - before.mean) / math.sqrt(pooled)


# Cohen (1988): the upper bound of each band of |h| or |g|, exclusive.
EFFECT_BANDS: tuple[tuple[float, str], ...] = (
    (0.2, "пренебрежимо малый"),
    (0.5, "малый"),
    (0.8, "средний"),
)


def effect_band(value: float) -> str:
    """Cohen's words for an effect size, in Russian: «малый», «средний», «большой»…"""
    size = abs(value)
    for upper, words in EFFECT_BANDS:
        if size < upper:
            return words
    return "большой"
