"""Re-analysis of the archive after a taxonomy, library or skill change: a run with progress,
done in chunks, of every registered analyser or of one (with the analysers that read its output).

A run walks the calls in id order, CHUNK_SIZE at a time (each analyser reads and writes a whole
chunk in bulk, see calls/analysis.py), in slices of at most SLICE_SECONDS, as every background run
does (calls/background_runs.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.analysis import analyse_calls, analyser_names
from calls.background_runs import RunKind, run_slice, runs_make_way
from calls.local_days import started_on_days
from calls.models import Call, ReanalysisRun
from project.errors import DomainError

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
SLICE_SECONDS = 120.0

KIND = RunKind(
    model=ReanalysisRun, task="calls.tasks.reanalyse_run", label="Re-analysis", logger=logger
)


class ReanalysisAlreadyRunning(DomainError):
    code = "reanalysis_running"


class UnknownAnalyser(DomainError):
    code = "unknown_analyser"


def reanalysis_calls(*, since: date | None) -> QuerySet[Call]:
    """The calls a re-analysis covers: analysed ones (others are still in the pipeline, which
    tags them with the current phrases anyway)."""
    calls = Call.objects.filter(status=Call.Status.ANALYSED)
    return calls.filter(started_on_days(since, None))


def reanalysis_start(
    *, since: date | None = None, analyser: str = "", user: User | None = None,
    enqueue: bool = True,
) -> ReanalysisRun:
    """Create a run of every analyser, or of `analyser` and its readers (and queue its task
    unless the caller runs it in-process).

    Raises ReanalysisAlreadyRunning while another run is alive; a run whose worker stopped
    reporting long ago is marked failed so it does not block the button forever.
    """
    if analyser and analyser not in analyser_names():
        raise UnknownAnalyser(
            _("Нет анализатора «%(name)s». Есть: %(known)s.")
            % {"name": analyser, "known": ", ".join(analyser_names())}
        )
    now = timezone.now()
    with transaction.atomic():
        busy = ReanalysisAlreadyRunning(_("Повторный анализ уже идёт: дождитесь его окончания."))
        runs_make_way(kind=KIND, busy=busy, now=now)
        run = ReanalysisRun.objects.create(
            since=since, analyser=analyser, total=reanalysis_calls(since=since).count(),
            requested_by=user,
            created_at=now, heartbeat_at=now,
        )
        if enqueue:
            KIND.enqueue_slice(run.pk)
    return run


def _analyse_chunk(run: ReanalysisRun, ids: list[int], now: datetime) -> None:
    analyse_calls(call_ids=ids, only=run.analyser or None, now=now)
    Call.objects.filter(pk__in=ids).update(analysed_at=now)


def reanalysis_run_slice(
    *, run_id: int, seconds: float | None = SLICE_SECONDS,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Process chunks of a run for up to `seconds` (None: to the end). True when the run is over."""
    return run_slice(
        kind=KIND, run_id=run_id, calls=lambda run: reanalysis_calls(since=run.since),
        work=_analyse_chunk, chunk_size=CHUNK_SIZE, seconds=seconds, progress=progress,
    )
