"""Re-analysis of the archive after a taxonomy, library or skill change: a run with progress,
done in chunks, of every registered analyser or of one (with the analysers that read its output).

A run walks the calls in id order, CHUNK_SIZE at a time (each analyser reads and writes a whole
chunk in bulk, see calls/analysis.py). A background task works for at most SLICE_SECONDS and then
queues its own continuation, so no single task comes near the cluster timeout however large the
archive is.
Each chunk advances the run's cursor with a conditional UPDATE: if a duplicate task delivery
processes the same run, only one of them moves the cursor and the other stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.analysis import analyse_calls, analyser_names
from calls.local_days import started_on_days
from calls.models import Call, ReanalysisRun
from project.errors import DomainError
from project.queue import enqueue_on_commit
from project.transient import is_transient, retry_transient

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
SLICE_SECONDS = 120.0

Status = ReanalysisRun.Status


class ReanalysisAlreadyRunning(DomainError):
    code = "reanalysis_running"


class UnknownAnalyser(DomainError):
    code = "unknown_analyser"


def reanalysis_calls(*, since: date | None) -> QuerySet[Call]:
    """The calls a re-analysis covers: analysed ones (others are still in the pipeline, which
    tags them with the current phrases anyway)."""
    calls = Call.objects.filter(status=Call.Status.ANALYSED)
    return calls.filter(started_on_days(since, None))


def _enqueue_slice(run_id: int) -> None:
    enqueue_on_commit("calls.tasks.reanalyse_run", run_id)


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
        if ReanalysisRun.objects.in_progress().exists():
            raise ReanalysisAlreadyRunning(_("Повторный анализ уже идёт: дождитесь его окончания."))
        ReanalysisRun.objects.filter(status__in=[Status.QUEUED, Status.RUNNING]).update(
            status=Status.FAILED, finished_at=now,
            error=_("Обработчик перестал отвечать; запуск прерван."),
        )
        run = ReanalysisRun.objects.create(
            since=since, analyser=analyser, total=reanalysis_calls(since=since).count(),
            requested_by=user,
            created_at=now, heartbeat_at=now,
        )
        if enqueue:
            _enqueue_slice(run.pk)
    return run


def reanalysis_run_slice(
    *, run_id: int, seconds: float | None = SLICE_SECONDS,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Process chunks of a run for up to `seconds` (None: to the end). True when the run is over."""
    run = ReanalysisRun.objects.get(pk=run_id)
    if run.status in (Status.DONE, Status.FAILED):
        return True
    now = timezone.now()
    if run.status == Status.QUEUED:
        ReanalysisRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=now, heartbeat_at=now
        )
    deadline = None if seconds is None else time.monotonic() + seconds
    calls = reanalysis_calls(since=run.since).order_by("pk").values_list("pk", flat=True)
    cursor = run.cursor

    def chunk(ids: list[int], cursor: int) -> bool:
        now = timezone.now()
        with transaction.atomic():
            claimed = ReanalysisRun.objects.filter(
                pk=run_id, status=Status.RUNNING, cursor=cursor
            ).update(cursor=ids[-1], done=F("done") + len(ids), heartbeat_at=now)
            if not claimed:
                return False
            analyse_calls(call_ids=ids, only=run.analyser or None, now=now)
            Call.objects.filter(pk__in=ids).update(analysed_at=now)
        return True

    try:
        while True:
            ids = list(calls.filter(pk__gt=cursor)[:CHUNK_SIZE])
            if not ids:
                now = timezone.now()
                ReanalysisRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
                    status=Status.DONE, finished_at=now, heartbeat_at=now
                )
                return True
            done_here = retry_transient(
                partial(chunk, ids, cursor),
                attempts=settings.TRANSIENT_RETRY_ATTEMPTS,
                base_delay=settings.TRANSIENT_RETRY_BASE_DELAY,
                what=f"re-analysis {run_id}",
            )
            if not done_here:
                logger.info("Re-analysis %s advanced elsewhere; this slice stops", run_id)
                return True
            cursor = ids[-1]
            if progress is not None:
                progress(len(ids))
            if deadline is not None and time.monotonic() > deadline:
                _enqueue_slice(run_id)
                return False
    except Exception as error:
        if is_transient(error):
            # The chunk rolled back and the cursor did not move: a later slice redoes it.
            logger.warning("Re-analysis %s paused by a transient fault: %s", run_id, error)
            _enqueue_slice(run_id)
            return False
        logger.exception("Re-analysis %s failed", run_id)
        ReanalysisRun.objects.filter(pk=run_id).update(
            status=Status.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        raise
