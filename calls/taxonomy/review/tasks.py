"""The monthly taxonomy review task, run by the schedule on the 1st (calls/schedules.py)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from calls.taxonomy.review.services import previous_month, review_open


def open_taxonomy_review(month: str | None = None) -> int:
    """Open the review of `month` ("YYYY-MM"), by default the month before today; returns the
    review's id. It takes a month, not object ids: the same month twice is the same review."""
    if month is None:
        first = previous_month(timezone.localdate())
    else:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    review, _created = review_open(month=first)
    return review.pk
