"""Did a share change between two periods? The test and the interval of the difference.

A top problem's share of calls this period (x₂ of n₂ analysed calls) against the previous period
of the same length (x₁ of n₁): two independent samples of calls.

- The test. With enough calls (every expected count of the 2×2 table at least 5, Cochran's rule)
  the two-proportion z-test with the pooled share, the usual test at contact-center volumes (the
  same as the chi-square test without continuity correction). With fewer calls — a new line, a
  short period, a rare tag — the normal approximation is not valid and Fisher's exact test
  (project/stats/contingency.py) is used instead; it has no such condition. Both two-sided: a
  problem may grow or shrink.
- The interval of the difference x₂/n₂ − x₁/n₁: Newcombe's hybrid score interval (method 10 of
  Newcombe 1998), built from the two Wilson intervals. The simple Wald interval is too narrow for
  small counts and shares near 0, which is where rare problems live; Newcombe's keeps its
  coverage there and never leaves [−1, 1].

Checked against statsmodels' proportions_ztest and confint_proportions_2indep(method="newcomb")
in tests/project/stats/test_proportions.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy.stats import norm

from project.stats.contingency import fisher_exact_p
from project.stats.intervals import Z_95, Interval, wilson_interval

# Cochran's rule: the z-test's normal approximation holds when every expected count is ≥ 5.
MIN_EXPECTED_COUNT = 5

TestName = Literal["z", "fisher"]


@dataclass(frozen=True)
class ShareChange:
    """A share before and after: the difference (after − before), its 95% interval, the test."""

    before: int
    before_trials: int
    after: int
    after_trials: int
    difference: float
    interval: Interval
    p_value: float
    test: TestName

    @property
    def share_before(self) -> float:
        return self.before / self.before_trials

    @property
    def share_after(self) -> float:
        return self.after / self.after_trials


def two_proportion_z_p(*, x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test of x1/n1 against x2/n2."""
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        # Both shares are 0 (or both 1): nothing differs.
        return 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return float(min(1.0, 2 * norm.sf(abs(z))))


def newcombe_interval(*, x1: int, n1: int, x2: int, n2: int, z: float = Z_95) -> Interval:
    """Newcombe's hybrid score interval of x1/n1 − x2/n2 (95% by default)."""
    first, second = wilson_interval(x1, n1, z=z), wilson_interval(x2, n2, z=z)
    if first is None or second is None:
        raise ValueError("both samples need at least one trial")
    p1, p2 = x1 / n1, x2 / n2
    difference = p1 - p2
    return Interval(
        low=difference - math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2),
        high=difference + math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2),
    )


def share_change(
    *, before: int, before_trials: int, after: int, after_trials: int
) -> ShareChange | None:
    """How the share moved from before/before_trials to after/after_trials; None when either
    period has no trials (nothing to compare with)."""
    if before_trials <= 0 or after_trials <= 0:
        return None
    if not (0 <= before <= before_trials and 0 <= after <= after_trials):
        raise ValueError("successes lie between 0 and the number of trials")
    total = before_trials + after_trials
    hits = before + after
    expected = [
        rows * cols / total
        for rows in (before_trials, after_trials)
        for cols in (hits, total - hits)
    ]
    test: TestName
    if min(expected) >= MIN_EXPECTED_COUNT:
        test = "z"
        p_value = two_proportion_z_p(x1=after, n1=after_trials, x2=before, n2=before_trials)
    else:
        test = "fisher"
        p_value = fisher_exact_p(
            a=after, b=after_trials - after, c=before, d=before_trials - before
        )
    return ShareChange(
        before=before,
        before_trials=before_trials,
        after=after,
        after_trials=after_trials,
        difference=after / after_trials - before / before_trials,
        interval=newcombe_interval(x1=after, n1=after_trials, x2=before, n2=before_trials),
        p_value=p_value,
        test=test,
    )
