"""The changes' scheduled task (calls/schedules.py): keeping the verdicts of closed changes."""

from __future__ import annotations

from calls.changes.verdicts import settle_change_verdicts


def settle_changes() -> int:
    """A failed run is simply retried the next day: nothing is lost, a verdict only waits."""
    return settle_change_verdicts()
