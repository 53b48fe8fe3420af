"""The cycles' scheduled task (coaching/schedules.py): the daily control re-listen reminder."""

from __future__ import annotations

from coaching.cycles.reminders import cycles_remind


def remind_due_cycles() -> int:
    """Remind managers of their due cycles; the number reminded. Safe to run again: a reminded
    cycle is not reminded twice, and a run that failed is retried by the next day's."""
    return cycles_remind()
