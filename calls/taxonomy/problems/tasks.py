"""The top problems' scheduled task (calls/schedules.py): the weekly e-mail."""

from __future__ import annotations

from calls.taxonomy.problems.weekly import weekly_problems_send


def send_weekly_top_problems() -> int:
    """E-mail last week's top problems; the number of e-mails sent. A failed run is simply the
    next Monday's: the e-mail is a digest, not a record."""
    return weekly_problems_send()
