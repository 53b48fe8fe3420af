"""The monthly review task, run by the schedule on the 1st (scripts_library/schedules.py)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from scripts_library.review.services import month_period, previous_month, review_open


def open_monthly_review(month: str | None = None) -> int:
    """Open the review of `month` ("YYYY-MM"), by default the month before today; returns the
    review's id. It takes a period, not object ids: the same period twice is the same review."""
    if month is None:
        period_start, period_end = previous_month(timezone.localdate())
    else:
        year, number = (int(part) for part in month.split("-"))
        period_start, period_end = month_period(date(year, number, 1))
    review, _created = review_open(period_start=period_start, period_end=period_end)
    return review.pk
