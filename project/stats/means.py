"""Did a mean change between two periods? Welch's t-test and the interval of the difference.

Handling time, time to resolution and the share of silence in a call are compared before and after
a change (calls/changes/): two independent samples of calls, of unequal sizes and, as a rule,
unequal spreads. Welch's test does not assume equal variances (Student's does, and with unequal
sizes it is then wrong in either direction). Durations are right-skewed, but what is reported is
the mean, and the mean of a window's calls is close to normal once a window has a few dozen calls
(the central limit theorem); calls/changes/ refuses to test with fewer than its minimum
(docs/changes.md). A rank test (Mann–Whitney) would answer another question — whether a random
call after tends to be shorter — about a figure that the page does not show.

Computed from each side's mean, sample variance and count, which the database aggregates in one
query, so that a window of 100,000 calls is never read into Python. Checked against scipy's
ttest_ind_from_stats and ttest_ind(...).confidence_interval() in tests/project/stats/test_means.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import t as student_t

from project.stats.intervals import Interval


@dataclass(frozen=True)
class Sample:
    """A sample as its summary: the mean, the sample variance (n − 1 in the denominator), n."""

    mean: float
    variance: float
    count: int


@dataclass(frozen=True)
class MeanChange:
    """A mean before and after: the difference (after − before), its 95% interval, the test."""

    before: Sample
    after: Sample
    difference: float
    interval: Interval
    p_value: float
    t: float
    degrees_of_freedom: float


def welch_test(*, before: Sample, after: Sample, confidence: float = 0.95) -> MeanChange | None:
    """Welch's two-sided t-test of after.mean − before.mean, with its Welch–Satterthwaite
    interval; None when either side has fewer than two values (no variance to speak of)."""
    if before.count < 2 or after.count < 2:
        return None
    if before.variance < 0 or after.variance < 0:
        raise ValueError("a variance is never negative")
    difference = after.mean - before.mean
    term_before = before.variance / before.count
    term_after = after.variance / after.count
    standard_error = math.sqrt(term_before + term_after)
    if standard_error == 0:
        # Every value on each side is the same: the means differ or not, without doubt.
        p_value = 1.0 if difference == 0 else 0.0
        return MeanChange(
            before=before, after=after, difference=difference,
            interval=Interval(low=difference, high=difference), p_value=p_value,
            t=0.0 if difference == 0 else math.copysign(math.inf, difference),
            degrees_of_freedom=float(before.count + after.count - 2),
        )
    degrees = (term_before + term_after) ** 2 / (
        term_before**2 / (before.count - 1) + term_after**2 / (after.count - 1)
    )
    t_value = difference / standard_error
    p_value = float(min(1.0, 2 * student_t.sf(abs(t_value), degrees)))
    half_width = float(student_t.ppf(0.5 + confidence / 2, degrees)) * standard_error
    return MeanChange(
        before=before,
        after=after,
        difference=difference,
        interval=Interval(low=difference - half_width, high=difference + half_width),
        p_value=p_value,
        t=t_value,
        degrees_of_freedom=degrees,
    )
