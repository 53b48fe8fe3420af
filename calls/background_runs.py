"""How a background run over the archive moves (a re-analysis, calls/reanalysis.py; an archive
redaction, calls/redaction/archive.py): one run alive at a time, chunks in id order, slices of
bounded time, resumable.

A run walks its calls in id order, a chunk at a time. A background task works for at most a
slice's seconds and then queues its own continuation, so no single task comes near the cluster
timeout however large the archive is. Each chunk advances the run's cursor with a conditional
UPDATE in the same transaction as the chunk's work: if a duplicate task delivery processes the
same run, only one of them moves the cursor and the other stops, and a crash redoes at most the
chunk it was in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Generic, TypeVar, cast

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models.runs import BackgroundRun, RunStatus
from project.errors import DomainError
from project.queue import enqueue_on_commit
from project.transient import is_transient, retry_transient

Run = TypeVar("Run", bound=BackgroundRun)


@dataclass(frozen=True)
class RunKind(Generic[Run]):
    """What tells one kind of run from another: its model, its task, and its name in logs."""

    model: type[Run]
    # The dotted path of the task that takes a run id and processes a slice of it.
    task: str
    # "Re-analysis": starts the log lines about a run.
    label: str
    logger: logging.Logger

    def enqueue_slice(self, run_id: int) -> None:
        enqueue_on_commit(self.task, run_id)


def runs_make_way(*, kind: RunKind[Any], busy: DomainError, now: datetime) -> None:
    """Raise `busy` while a run of this kind is alive; a run whose worker stopped reporting long
    ago is marked failed, so it does not block a new run forever. Call it in a transaction."""
    if kind.model.objects.in_progress().exists():
        raise busy
    kind.model.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED, finished_at=now,
        error=_("Обработчик перестал отвечать; запуск прерван."),
    )


def run_resume(
    *, kind: RunKind[Run], busy: DomainError, nothing: DomainError, enqueue: bool
) -> Run:
    """Continue the latest run that did not finish, from its cursor (raise `nothing` if none)."""
    now = timezone.now()
    with transaction.atomic():
        runs_make_way(kind=kind, busy=busy, now=now)
        unfinished = kind.model.objects.exclude(status=RunStatus.DONE)
        # The plugin types an abstract base's manager by the base; the rows are kind.model's.
        run = cast(Run | None, unfinished.order_by("-created_at", "-pk").first())
        if run is None:
            raise nothing
        kind.model.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, error="", finished_at=None, heartbeat_at=now,
        )
        if enqueue:
            kind.enqueue_slice(run.pk)
    run.refresh_from_db()
    return run


def run_slice(
    *, kind: RunKind[Run], run_id: int, calls: Callable[[Run], QuerySet[Any]],
    work: Callable[[Run, list[int], datetime], None],
    after_chunk: Callable[[Run, list[int]], None] | None = None,
    chunk_size: int, seconds: float | None, progress: Callable[[int], None] | None,
) -> bool:
    """Process chunks of a run for up to `seconds` (None: to the end). True when the run is over.

    `calls(run)` are the calls the run walks; `work(run, ids, now)` processes a chunk in the
    transaction that claims it; `after_chunk(run, ids)` follows its commit.
    """
    model = kind.model
    run = cast(Run, model.objects.get(pk=run_id))
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        return True
    now = timezone.now()
    if run.status == RunStatus.QUEUED:
        model.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=now, heartbeat_at=now
        )
    elif run.started_at is None:
        # Resumed before it ever started.
        model.objects.filter(pk=run_id).update(started_at=now)
    deadline = None if seconds is None else time.monotonic() + seconds
    ids_in_order = calls(run).order_by("pk").values_list("pk", flat=True)
    cursor = run.cursor

    def chunk(ids: list[int], cursor: int) -> bool:
        now = timezone.now()
        with transaction.atomic():
            claimed = model.objects.filter(
                pk=run_id, status=RunStatus.RUNNING, cursor=cursor
            ).update(cursor=ids[-1], done=F("done") + len(ids), heartbeat_at=now)
            if not claimed:
                return False
            work(run, ids, now)
        return True

    try:
        while True:
            ids = list(ids_in_order.filter(pk__gt=cursor)[:chunk_size])
            if not ids:
                now = timezone.now()
                model.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
                    status=RunStatus.DONE, finished_at=now, heartbeat_at=now
                )
                return True
            done_here = retry_transient(
                partial(chunk, ids, cursor),
                attempts=settings.TRANSIENT_RETRY_ATTEMPTS,
                base_delay=settings.TRANSIENT_RETRY_BASE_DELAY,
                what=f"{kind.label.lower()} {run_id}",
            )
            if not done_here:
                kind.logger.info("%s %s advanced elsewhere; this slice stops", kind.label, run_id)
                return True
            if after_chunk is not None:
                after_chunk(run, ids)
            cursor = ids[-1]
            if progress is not None:
                progress(len(ids))
            if deadline is not None and time.monotonic() > deadline:
                kind.enqueue_slice(run_id)
                return False
    except Exception as error:
        if is_transient(error):
            # The chunk rolled back and the cursor did not move: a later slice redoes it.
            kind.logger.warning(
                "%s %s paused by a transient fault: %s", kind.label, run_id, error
            )
            kind.enqueue_slice(run_id)
            return False
        kind.logger.exception("%s %s failed", kind.label, run_id)
        model.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        raise
