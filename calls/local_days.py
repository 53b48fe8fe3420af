"""Calls of given local days as a range on `started_at`.

A `started_at__date` lookup casts every row's time to a date (on SQLite through a Python function
per row), so no index can serve it: on 108,000 calls it cost a coaching page over a second
(tests/benchmarks/bench_coaching.py). The same days as a half-open range of aware times in the
current time zone mean the same calls and use the index on `started_at`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def started_on_days(date_from: date | None, date_to: date | None, *,
                    field: str = "started_at") -> Q:
    """`field` (a call's start, or a lookup to it such as "call__started_at") on the local days
    date_from..date_to, both included; None leaves that side open."""
    condition = Q()
    if date_from is not None:
        condition &= Q(**{f"{field}__gte": day_start(date_from)})
    if date_to is not None:
        condition &= Q(**{f"{field}__lt": day_start(date_to + timedelta(days=1))})
    return condition
