"""A figure over a set of calls: its value and how many calls it counts, by day, or each call's
value (for a test that needs the values themselves, calls/changes/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Avg, Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from calls.metrics.definitions import Metric
from calls.models import Call


@dataclass(frozen=True)
class Figure:
    # None when no call was measured: nothing to say, never 0.
    value: float | None
    measured: int


def metric_figure(calls: QuerySet[Call], metric: Metric, *, now: datetime) -> Figure:
    row = (
        calls.annotate(metric_value=metric.value(now))
        .aggregate(value=Avg("metric_value"), measured=Count("metric_value"))
    )
    return Figure(value=row["value"], measured=row["measured"])


def metric_daily(
    calls: QuerySet[Call], metric: Metric, *, now: datetime
) -> dict[date, Figure]:
    """The figure per local day of the calls' start; days with no measured call are absent."""
    rows = (
        calls.annotate(
            metric_value=metric.value(now),
            day=TruncDate("started_at", tzinfo=timezone.get_current_timezone()),
        )
        .values("day")
        .annotate(value=Avg("metric_value"), measured=Count("metric_value"))
        .order_by("day")
    )
    return {
        row["day"]: Figure(value=row["value"], measured=row["measured"])
        for row in rows
        if row["measured"]
    }


def metric_values(calls: QuerySet[Call], metric: Metric, *, now: datetime) -> list[float]:
    """Each measured call's value, in no particular order."""
    return [
        value
        for value in calls.annotate(metric_value=metric.value(now)).values_list(
            "metric_value", flat=True
        )
        if value is not None
    ]
