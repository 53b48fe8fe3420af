"""Every dashboard figure of a set of calls in one query, grouped.

Each figure is the calls/metrics/ definition (`Metric.value`, the per-call value), so the
dashboard and the before/after comparison (calls/changes/) agree. What differs is how many
queries: `metric_figure` asks the database once per figure and set of calls; the dashboard shows
five figures for two periods, a series of weeks, every line and every team — dozens of
aggregates, each reading the same ~100,000 rows. Here every figure's sum, sum of squares and
count come back per group (series bucket × line × team) from one GROUP BY; the total, the
series, the per-line and per-team rows and the previous period are then sums of those few dozen
rows in Python. Sums (not means) are what can be added up, and the sum of squares gives each
mean its variance for the trend's test (calls/dashboard/trend.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, FloatField, QuerySet, Sum
from django.db.models.expressions import Combinable, ExpressionWrapper

from calls.metrics.definitions import Kind, Metric
from calls.models import Call


@dataclass(frozen=True)
class Sums:
    """A figure's raw sums over some calls: Σx, Σx² and how many calls were measured."""

    total: float = 0.0
    squares: float = 0.0
    measured: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            total=self.total + other.total,
            squares=self.squares + other.squares,
            measured=self.measured + other.measured,
        )

    @property
    def value(self) -> float | None:
        """The mean (for a share, the share); None when no call was measured, never 0."""
        return self.total / self.measured if self.measured else None

    @property
    def variance(self) -> float | None:
        """The sample variance (n − 1), for a mean's test; None below two calls."""
        if self.measured < 2:
            return None
        mean = self.total / self.measured
        # Rounding can make a zero variance slightly negative.
        return max(0.0, (self.squares - self.measured * mean * mean) / (self.measured - 1))


# {group key: {metric code: sums}}
GroupedSums = dict[tuple[Any, ...], dict[str, Sums]]


def grouped_sums(
    calls: QuerySet[Call],
    metrics: Iterable[Metric],
    *,
    now: datetime,
    by: dict[str, Combinable | str],
) -> GroupedSums:
    """Σx, Σx² and the count of every metric over `calls`, per group of the `by` expressions
    (named; the key is their values in that order)."""
    metrics = list(metrics)
    values = {f"v_{metric.code}": metric.value(now) for metric in metrics}
    aggregates: dict[str, Any] = {}
    for metric in metrics:
        name = f"v_{metric.code}"
        aggregates[f"s_{metric.code}"] = Sum(name, output_field=FloatField())
        if metric.kind != Kind.SHARE:
            # A share's values are 0 and 1: its Σx² is its Σx, not worth a second pass.
            aggregates[f"q_{metric.code}"] = Sum(
                ExpressionWrapper(F(name) * F(name), output_field=FloatField())
            )
        aggregates[f"n_{metric.code}"] = Count(name)
    rows = (
        calls.annotate(**values, **{f"g_{name}": expr for name, expr in by.items()})
        .values(*(f"g_{name}" for name in by))
        .annotate(**aggregates)
        .order_by()
    )
    grouped: GroupedSums = {}
    for row in rows:
        key = tuple(row[f"g_{name}"] for name in by)
        grouped[key] = {
            metric.code: Sums(
                total=row[f"s_{metric.code}"] or 0.0,
                squares=row.get(f"q_{metric.code}", row[f"s_{metric.code}"]) or 0.0,
                measured=row[f"n_{metric.code}"],
            )
            for metric in metrics
        }
    return grouped


def added_up(
    grouped: GroupedSums, code: str, *, where: dict[int, Hashable] | None = None,
    keep: Any = None,
) -> Sums:
    """The sums of one metric over the groups whose key matches: `where` maps a key position
    to the value it must have; `keep` (a function of the key) filters further."""
    result = Sums()
    for key, sums in grouped.items():
        if where and any(key[position] != value for position, value in where.items()):
            continue
        if keep is not None and not keep(key):
            continue
        result = result + sums[code]
    return result
