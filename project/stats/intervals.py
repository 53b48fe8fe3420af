"""The Wilson score interval of a proportion.

Written here rather than called from statsmodels, which is a development dependency only (the
tests check against it) and would bring pandas to the running product for one formula. The tests
compare it with published values (Newcombe 1998, table I) and with statsmodels'
proportion_confint(method="wilson") on random counts.

Why Wilson and not p ± z·√(p(1−p)/n): the normal interval of 2 sales out of 2 calls is [1, 1],
which would make a block used twice "the best"; Wilson's is [0.34, 1], which says how little two
calls show. Blocks are ranked by the interval's lower bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the two-sided 95% quantile of the normal distribution


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: int, trials: int, *, z: float = Z_95) -> Interval | None:
    """The 95% Wilson score interval of successes/trials; None when there are no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"successes={successes} is not within 0..{trials}")
    share = successes / trials
    z2 = z * z
    centre = share + z2 / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials))
    denominator = 1 + z2 / trials
    return Interval(
        low=max(0.0, (centre - spread) / denominator),
        high=min(1.0, (centre + spread) / denominator),
    )
