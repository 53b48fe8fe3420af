"""The kept verdict of a change whose after-window has closed.

A change's figures take a few aggregate queries over its windows' calls (about a second at
100,000 calls, tests/benchmarks/bench_changes.py); a board of done findings would ask for them
once per finding. Once the after-window has closed the verdict no longer moves — except FCR,
which needs the repeat window of the after-window's last calls to close too — so a daily schedule
keeps it on the change: evaluated over every call of its lines (a verdict word, no number or
call), and again once FCR can be counted.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from calls.changes.evaluation import change_evaluation, change_windows
from calls.changes.figures import Verdict
from calls.models import Change

logger = logging.getLogger(__name__)


def _settled_at(change: Change) -> datetime:
    """When nothing more can change its verdict: the after-window's end plus the repeat window."""
    _before, after = change_windows(change)
    return after.end + timedelta(days=settings.REPEAT_WINDOW_DAYS)


def verdict_settled(change: Change) -> bool:
    """Its verdict is kept and nothing can change it any more."""
    return bool(change.verdict) and change.verdict_at is not None and (
        change.verdict_at >= _settled_at(change)
    )


def change_verdict_store(*, change: Change, now: datetime) -> Verdict:
    """Evaluate the change over every call and keep the verdict if its after-window has closed."""
    evaluation = change_evaluation(change=change, now=now, user=None, daily=False)
    if evaluation.verdict != Verdict.PENDING:
        Change.objects.filter(pk=change.pk).update(verdict=evaluation.verdict, verdict_at=now)
    return evaluation.verdict


def changes_to_settle(*, now: datetime) -> list[Change]:
    """Closed changes with no kept verdict, or one kept before the repeat window closed."""
    candidates = Change.objects.filter(
        Q(verdict="") | Q(verdict_at__isnull=True)
        | Q(verdict_at__lt=now - timedelta(days=settings.REPEAT_WINDOW_DAYS))
    ).filter(changed_on__lt=timezone.localdate(now))
    closed = []
    for change in candidates:
        _before, after = change_windows(change)
        if now < after.end:
            continue
        if verdict_settled(change):
            continue
        closed.append(change)
    return closed


def settle_change_verdicts(*, now: datetime | None = None) -> int:
    """Keep the verdict of every change that closed; the number evaluated."""
    now = now or timezone.now()
    changes = changes_to_settle(now=now)
    for change in changes:
        verdict = change_verdict_store(change=change, now=now)
        logger.info("Change %s: verdict %s kept.", change.pk, verdict)
    return len(changes)
