"""Redacting the calls stored before redaction existed (or before a detector improved): a run with
progress, done in chunks in the background, resumable, and idempotent.

Like a re-analysis (calls/reanalysis.py) a run walks the calls in id order, CHUNK_SIZE at a time;
a task works for at most SLICE_SECONDS and then queues its own continuation. Each chunk moves the
run's cursor with a conditional UPDATE in the same transaction that rewrites the segments, so a
duplicate delivery cannot redo a chunk and a crash redoes at most the chunk it was in. Redacting a
redacted transcript finds nothing (the placeholders are not personal data), so running the command
again changes nothing.

The recordings of a chunk are muted after its transaction commits: a call whose muting fails or
is cut off keeps redactions with muted=False, its recording is withheld from listeners, and the
next run mutes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.analysis import analyse_calls
from calls.models import Call, CallStatusChange, Redaction, RedactionRun, Segment
from calls.redaction.audio import call_mute_audio_or_note
from calls.redaction.storage import redact_segments, redactions_record
from project.errors import DomainError
from project.queue import enqueue_on_commit
from project.transient import is_transient, retry_transient

logger = logging.getLogger(__name__)

# Smaller than a re-analysis chunk: muting decodes and re-encodes whole recordings.
CHUNK_SIZE = 50
SLICE_SECONDS = 120.0

Status = RedactionRun.Status


class RedactionAlreadyRunning(DomainError):
    code = "redaction_running"


class NothingToResume(DomainError):
    code = "redaction_nothing_to_resume"


def archive_calls() -> QuerySet[Call]:
    """Every call but those being transcribed right now (the pipeline redacts what it stores)."""
    return Call.objects.exclude(status=Call.Status.TRANSCRIBING)


def _enqueue_slice(run_id: int) -> None:
    enqueue_on_commit("calls.redaction.tasks.redact_archive_run", run_id)


def redaction_start(
    *, audio: bool = True, user: User | None = None, enqueue: bool = True
) -> RedactionRun:
    """Create a run over the whole archive (and queue its task unless the caller runs it here).

    Raises RedactionAlreadyRunning while another run is alive; a run whose worker stopped
    reporting long ago is marked failed (it can be resumed).
    """
    now = timezone.now()
    with transaction.atomic():
        if RedactionRun.objects.in_progress().exists():
            raise RedactionAlreadyRunning(
                _("Скрытие персональных данных в архиве уже идёт: дождитесь его окончания.")
            )
        _fail_dead_runs(now)
        run = RedactionRun.objects.create(
            audio=audio, total=archive_calls().count(), requested_by=user, created_at=now,
            heartbeat_at=now,
        )
        if enqueue:
            _enqueue_slice(run.pk)
    return run


def _fail_dead_runs(now: datetime) -> None:
    RedactionRun.objects.filter(status__in=[Status.QUEUED, Status.RUNNING]).update(
        status=Status.FAILED, finished_at=now,
        error=_("Обработчик перестал отвечать; запуск прерван."),
    )


def redaction_resume(*, enqueue: bool = True) -> RedactionRun:
    """Continue the latest run that did not finish, from its cursor."""
    now = timezone.now()
    with transaction.atomic():
        if RedactionRun.objects.in_progress().exists():
            raise RedactionAlreadyRunning(
                _("Скрытие персональных данных в архиве уже идёт: дождитесь его окончания.")
            )
        _fail_dead_runs(now)
        run = RedactionRun.objects.exclude(status=Status.DONE).order_by("-created_at", "-pk") \
            .first()
        if run is None:
            raise NothingToResume(_("Нет незавершённого запуска, который можно продолжить."))
        RedactionRun.objects.filter(pk=run.pk).update(
            status=Status.RUNNING, error="", finished_at=None, heartbeat_at=now,
        )
        if enqueue:
            _enqueue_slice(run.pk)
    run.refresh_from_db()
    return run


def _redact_call(call: Call, now: datetime) -> bool:
    """Rewrite the call's segments that hold personal data; True when any did."""
    segments = list(Segment.objects.filter(call=call).order_by("index"))
    if not segments:
        return False
    redacted = redact_segments(segments)
    if not redacted.changed:
        return False
    touched = []
    for segment, clean in zip(segments, redacted.segments, strict=True):
        if segment.text != clean.text or segment.words != clean.words:
            segment.text, segment.words = clean.text, clean.words
            touched.append(segment)
    Segment.objects.bulk_update(touched, ["text", "words"])
    # The spans index the list given to the redactor; the stored number is the segment's own.
    spans = [replace(span, segment=segments[span.segment].index) for span in redacted.spans]
    count = redactions_record(call_id=call.pk, spans=spans, replace=False)
    CallStatusChange.objects.create(
        call=call, status=call.status, at=now,
        note=_("Скрыты персональные данные в расшифровке: %(count)d") % {"count": count},
    )
    return True


def _mute_chunk(ids: list[int]) -> tuple[int, int]:
    """Mute the recordings of these calls that wait for it; (muted, failed)."""
    waiting = (
        Redaction.objects.filter(call_id__in=ids, muted=False)
        .exclude(call__audio="")
        .filter(Q(call__line__isnull=True) | Q(call__line__redact_audio=True))
        .values_list("call_id", flat=True).distinct()
    )
    muted = failed = 0
    for call_id in sorted(set(waiting)):
        if call_mute_audio_or_note(call_id=call_id):
            muted += 1
        else:
            failed += 1
    return muted, failed


def redaction_run_slice(
    *, run_id: int, seconds: float | None = SLICE_SECONDS,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Process chunks of a run for up to `seconds` (None: to the end). True when the run is over."""
    run = RedactionRun.objects.get(pk=run_id)
    if run.status in (Status.DONE, Status.FAILED):
        return True
    now = timezone.now()
    if run.status == Status.QUEUED:
        RedactionRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=now, heartbeat_at=now
        )
    elif run.started_at is None:
        RedactionRun.objects.filter(pk=run_id).update(started_at=now)
    deadline = None if seconds is None else time.monotonic() + seconds
    calls = archive_calls().order_by("pk")
    cursor = run.cursor

    def chunk(ids: list[int], cursor: int) -> bool:
        now = timezone.now()
        with transaction.atomic():
            claimed = RedactionRun.objects.filter(
                pk=run_id, status=Status.RUNNING, cursor=cursor
            ).update(cursor=ids[-1], done=F("done") + len(ids), heartbeat_at=now)
            if not claimed:
                return False
            changed = [call for call in calls.filter(pk__in=ids) if _redact_call(call, now)]
            # Tag evidence quotes the words it matched: analyse the rewritten calls again.
            analysed = [call.pk for call in changed if call.status == Call.Status.ANALYSED]
            if analysed:
                analyse_calls(call_ids=analysed, now=now)
                Call.objects.filter(pk__in=analysed).update(analysed_at=now)
            if changed:
                RedactionRun.objects.filter(pk=run_id).update(changed=F("changed") + len(changed))
        return True

    try:
        while True:
            ids = list(calls.filter(pk__gt=cursor).values_list("pk", flat=True)[:CHUNK_SIZE])
            if not ids:
                now = timezone.now()
                RedactionRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
                    status=Status.DONE, finished_at=now, heartbeat_at=now
                )
                return True
            done_here = retry_transient(
                partial(chunk, ids, cursor),
                attempts=settings.TRANSIENT_RETRY_ATTEMPTS,
                base_delay=settings.TRANSIENT_RETRY_BASE_DELAY,
                what=f"archive redaction {run_id}",
            )
            if not done_here:
                logger.info("Archive redaction %s advanced elsewhere; this slice stops", run_id)
                return True
            if run.audio:
                muted, failed = _mute_chunk(ids)
                if muted or failed:
                    RedactionRun.objects.filter(pk=run_id).update(
                        muted=F("muted") + muted, audio_failed=F("audio_failed") + failed,
                        heartbeat_at=timezone.now(),
                    )
            cursor = ids[-1]
            if progress is not None:
                progress(len(ids))
            if deadline is not None and time.monotonic() > deadline:
                _enqueue_slice(run_id)
                return False
    except Exception as error:
        if is_transient(error):
            # The chunk rolled back and the cursor did not move: a later slice redoes it.
            logger.warning("Archive redaction %s paused by a transient fault: %s", run_id, error)
            _enqueue_slice(run_id)
            return False
        logger.exception("Archive redaction %s failed", run_id)
        RedactionRun.objects.filter(pk=run_id).update(
            status=Status.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        raise
