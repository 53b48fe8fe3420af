"""The findings' scheduled task (calls/schedules.py): the overdue reminder."""

from __future__ import annotations

from calls.departments.findings.reminders import findings_remind


def remind_overdue_findings() -> int:
    """Remind departments of their overdue findings; the number reminded. Safe to run every
    hour: a finding is reminded once a day, and a failed send is retried by the next run."""
    return findings_remind()
