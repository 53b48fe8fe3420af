"""Sending calls to a department: a CallShare per call lets its members open that call, and no
other (Call.objects.visible_to). Every call an alert, a report or a finding links to is shared."""

from __future__ import annotations

from collections.abc import Iterable

from calls.models import CallShare, Department


def share_calls(*, department: Department, call_ids: Iterable[int], reason: str) -> int:
    """Share the calls with the department; calls shared before stay as they were (the first
    reason is kept). The number of call ids asked for."""
    ids = sorted({int(pk) for pk in call_ids})
    CallShare.objects.bulk_create(
        [CallShare(call_id=pk, department=department, reason=reason) for pk in ids],
        ignore_conflicts=True,
    )
    return len(ids)
