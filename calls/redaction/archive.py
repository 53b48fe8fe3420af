"""Redacting the calls stored before redaction existed (or before a detector improved): a run with
progress, done in chunks in the background, resumable, and idempotent.

Like a re-analysis (calls/reanalysis.py) a run walks the calls in id order, CHUNK_SIZE at a time,
in slices of at most SLICE_SECONDS (calls/background_runs.py). Each chunk moves the run's cursor
with a conditional UPDATE in the same transaction that rewrites the segments, so a duplicate
delivery cannot redo a chunk and a crash redoes at most the chunk it was in. Redacting a
redacted transcript finds nothing (the placeholders are not personal data), so running the command
again changes nothing.

The recordings of a chunk are muted after its transaction commits: a call whose muting fails or
is cut off keeps redactions with muted=False, its recording is withheld from listeners, and the
next run mutes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.analysis import analyse_calls
from calls.background_runs import RunKind, run_resume, run_slice, runs_make_way
from calls.models import Call, CallStatusChange, Redaction, RedactionRun, Segment
from calls.redaction.audio import call_mute_audio_or_note
from calls.redaction.storage import redact_segments, redactions_record
from project.errors import DomainError

logger = logging.getLogger(__name__)

# Smaller than a re-analysis chunk: muting decodes and re-encodes whole recordings.
CHUNK_SIZE = 50
SLICE_SECONDS = 120.0

KIND = RunKind(
    model=RedactionRun, task="calls.redaction.tasks.redact_archive_run",
    label="Archive redaction", logger=logger,
)


class RedactionAlreadyRunning(DomainError):
    code = "redaction_running"


class NothingToResume(DomainError):
    code = "redaction_nothing_to_resume"


def archive_calls() -> QuerySet[Call]:
    """Every call but those being transcribed right now (the pipeline redacts what it stores)."""
    return Call.objects.exclude(status=Call.Status.TRANSCRIBING)


def _already_running() -> RedactionAlreadyRunning:
    return RedactionAlreadyRunning(
        _("Скрытие персональных данных в архиве уже идёт: дождитесь его окончания.")
    )


def redaction_start(
    *, audio: bool = True, user: User | None = None, enqueue: bool = True
) -> RedactionRun:
    """Create a run over the whole archive (and queue its task unless the caller runs it here).

    Raises RedactionAlreadyRunning while another run is alive; a run whose worker stopped
    reporting long ago is marked failed (it can be resumed).
    """
    now = timezone.now()
    with transaction.atomic():
        runs_make_way(kind=KIND, busy=_already_running(), now=now)
        run = RedactionRun.objects.create(
            audio=audio, total=archive_calls().count(), requested_by=user, created_at=now,
            heartbeat_at=now,
        )
        if enqueue:
            KIND.enqueue_slice(run.pk)
    return run


def redaction_resume(*, enqueue: bool = True) -> RedactionRun:
    """Continue the latest run that did not finish, from its cursor."""
    return run_resume(
        kind=KIND, busy=_already_running(),
        nothing=NothingToResume(_("Нет незавершённого запуска, который можно продолжить.")),
        enqueue=enqueue,
    )


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


def _redact_chunk(run: RedactionRun, ids: list[int], now: datetime) -> None:
    calls = archive_calls().filter(pk__in=ids).order_by("pk")
    changed = [call for call in calls if _redact_call(call, now)]
    # Tag evidence quotes the words it matched: analyse the rewritten calls again.
    analysed = [call.pk for call in changed if call.status == Call.Status.ANALYSED]
    if analysed:
        analyse_calls(call_ids=analysed, now=now)
        Call.objects.filter(pk__in=analysed).update(analysed_at=now)
    if changed:
        RedactionRun.objects.filter(pk=run.pk).update(changed=F("changed") + len(changed))


def _mute_after_chunk(run: RedactionRun, ids: list[int]) -> None:
    if not run.audio:
        return
    muted, failed = _mute_chunk(ids)
    if muted or failed:
        RedactionRun.objects.filter(pk=run.pk).update(
            muted=F("muted") + muted, audio_failed=F("audio_failed") + failed,
            heartbeat_at=timezone.now(),
        )


def redaction_run_slice(
    *, run_id: int, seconds: float | None = SLICE_SECONDS,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Process chunks of a run for up to `seconds` (None: to the end). True when the run is over."""
    return run_slice(
        kind=KIND, run_id=run_id, calls=lambda run: archive_calls(), work=_redact_chunk,
        after_chunk=_mute_after_chunk, chunk_size=CHUNK_SIZE, seconds=seconds,
        progress=progress,
    )
