"""The life of a call after it is stored: queue, claim, transcribe, analyse, fail, retry, recover.

Every status change is a conditional UPDATE on the status the change starts from, so that two
workers (or a worker and `requeue_stuck`) can never both move the same call: the loser updates
zero rows and walks away.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.errors import AudioRejected, CallNotRetryable
from calls.models import Call, CallStatusChange, Segment, Speaker
from project.queue import enqueue_on_commit
from project.transient import is_transient, retry_transient

logger = logging.getLogger(__name__)

Status = Call.Status

# How long a transcribed call may wait for its analysis task before we assume the task was lost.
ANALYSIS_GRACE = timedelta(minutes=10)
# How long a received call may wait for its first queueing before we assume the broker was down.
QUEUE_GRACE = timedelta(minutes=5)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _log_status(call_id: int, status: str, note: str = "") -> None:
    CallStatusChange.objects.create(call_id=call_id, status=status, note=note)


def call_queue_transcription(*, call: Call, reset_attempts: bool = False) -> bool:
    """received/failed → queued, and send the task. False when the call was not in such a state."""
    now = timezone.now()
    changes: dict[str, object] = {
        "status": Status.QUEUED, "queued_at": now, "failure_reason": "", "updated_at": now,
    }
    if reset_attempts:
        changes["attempts"] = 0
    with transaction.atomic():
        moved = (
            Call.objects.filter(pk=call.pk, status__in=[Status.RECEIVED, Status.FAILED])
            .exclude(audio="")
            .update(**changes)
        )
        if not moved:
            return False
        _log_status(call.pk, Status.QUEUED)
        enqueue_on_commit("calls.tasks.transcribe_call", call.pk)
    call.refresh_from_db()
    return True


def call_queue_analysis(*, call_id: int) -> None:
    enqueue_on_commit("calls.tasks.analyse_call", call_id)


def speakers_for(call: Call) -> list[str]:
    if not call.is_stereo:
        return [call.mono_speaker or Speaker.UNKNOWN]
    labels = [Speaker.CUSTOMER.value, Speaker.CUSTOMER.value]
    labels[call.operator_channel_index()] = Speaker.OPERATOR.value
    return labels


def call_mark_failed(*, call_id: int, reason: str, from_status: str | None = None) -> bool:
    now = timezone.now()
    calls = Call.objects.filter(pk=call_id)
    if from_status is not None:
        calls = calls.filter(status=from_status)
    with transaction.atomic():
        moved = calls.update(
            status=Status.FAILED, failure_reason=reason, claimed_at=None, claimed_by="",
            updated_at=now,
        )
        if moved:
            _log_status(call_id, Status.FAILED, reason)
    if moved:
        logger.warning("Call %s failed: %s", call_id, reason)
    return bool(moved)


def call_transcribe(*, call_id: int) -> bool:
    """Claim, transcribe and store the segments of one call. True when this worker did it."""
    from calls.transcription.engine import transcribe_audio

    worker = worker_id()

    def claim() -> bool:
        now = timezone.now()
        with transaction.atomic():
            claimed = Call.objects.filter(
                pk=call_id, status__in=[Status.RECEIVED, Status.QUEUED]
            ).update(
                status=Status.TRANSCRIBING, claimed_at=now, claimed_by=worker,
                attempts=F("attempts") + 1, updated_at=now,
            )
            if claimed:
                attempts = Call.objects.values_list("attempts", flat=True).get(pk=call_id)
                _log_status(call_id, Status.TRANSCRIBING, _attempt_note(attempts))
        return bool(claimed)

    if not _retrying(claim, f"claim of call {call_id}"):
        logger.info("Call %s is not waiting for transcription; skipped", call_id)
        return False
    call = Call.objects.select_related("line").get(pk=call_id)

    try:
        pieces = transcribe_audio(Path(call.audio.path), speakers=speakers_for(call))
    except AudioRejected as error:
        call_mark_failed(call_id=call_id, reason=error.message, from_status=Status.TRANSCRIBING)
        return False
    except Exception as error:
        logger.exception("Transcription of call %s failed", call_id)
        _after_transcription_error(call=call, worker=worker, error=error)
        return False

    def store() -> bool:
        with transaction.atomic():
            finished = Call.objects.filter(
                pk=call_id, status=Status.TRANSCRIBING, claimed_by=worker
            ).update(
                status=Status.TRANSCRIBED, transcribed_at=timezone.now(), claimed_at=None,
                claimed_by="", failure_reason="", updated_at=timezone.now(),
            )
            if not finished:
                # requeue_stuck gave the call to another worker while we ran long: theirs stands.
                logger.warning("Call %s was taken from worker %s; result discarded",
                               call_id, worker)
                return False
            call.segments.all().delete()
            Segment.objects.bulk_create(
                Segment(
                    call_id=call_id, index=index, speaker=piece.speaker, start=piece.start,
                    end=piece.end, text=piece.text, confidence=piece.confidence,
                    words=piece.words,
                )
                for index, piece in enumerate(pieces)
            )
            _log_status(
                call_id, Status.TRANSCRIBED, _("Реплик: %(count)d") % {"count": len(pieces)}
            )
            call_queue_analysis(call_id=call_id)
        return True

    # An hour of decoding is not thrown away because the database was busy for a moment.
    return _retrying(store, f"storing the transcript of call {call_id}")


def _retrying(func: Callable[[], bool], what: str) -> bool:
    return retry_transient(
        func, attempts=settings.TRANSIENT_RETRY_ATTEMPTS,
        base_delay=settings.TRANSIENT_RETRY_BASE_DELAY, what=what,
    )


def _attempt_note(attempt: int) -> str:
    return _("Распознавание начато (попытка %(attempt)d из %(total)d)") % {
        "attempt": attempt, "total": settings.TRANSCRIBE_MAX_ATTEMPTS,
    }


def _after_transcription_error(*, call: Call, worker: str, error: Exception) -> None:
    reason = _("Ошибка распознавания: %(error)s") % {"error": error}
    attempts = Call.objects.values_list("attempts", flat=True).get(pk=call.pk)
    if attempts >= settings.TRANSCRIBE_MAX_ATTEMPTS:
        call_mark_failed(call_id=call.pk, reason=reason, from_status=Status.TRANSCRIBING)
        return
    now = timezone.now()
    with transaction.atomic():
        released = Call.objects.filter(
            pk=call.pk, status=Status.TRANSCRIBING, claimed_by=worker
        ).update(status=Status.QUEUED, queued_at=now, claimed_at=None, claimed_by="",
                 updated_at=now)
        if released:
            _log_status(call.pk, Status.QUEUED, reason)
            enqueue_on_commit("calls.tasks.transcribe_call", call.pk)


def call_analyse(*, call_id: int) -> bool:
    """Run every registered analyser over the transcript of one call (calls/analysis.py).

    A transient fault (a locked database, a lost connection) is retried with back-off; if it
    outlasts the retries the call stays transcribed and `requeue_stuck` queues it again. Only a
    defect marks the call failed, and a person can retry it from the page or the API.
    """
    from calls.analysis import analyse_calls

    def analyse() -> bool:
        with transaction.atomic():
            call = (
                Call.objects.select_for_update()
                .filter(pk=call_id, status__in=[Status.TRANSCRIBED, Status.ANALYSED])
                .first()
            )
            if call is None:
                return False
            analyse_calls(call_ids=[call_id])
            now = timezone.now()
            Call.objects.filter(pk=call_id).update(
                status=Status.ANALYSED, analysed_at=now, updated_at=now
            )
            if call.status != Status.ANALYSED:
                _log_status(call_id, Status.ANALYSED)
        return True

    try:
        return _retrying(analyse, f"analysis of call {call_id}")
    except Exception as error:
        if is_transient(error):
            logger.warning("Analysis of call %s postponed after a transient fault: %s",
                           call_id, error)
            _note_postponed(call_id)
            return False
        logger.exception("Analysis of call %s failed", call_id)
        call_mark_failed(call_id=call_id, reason=_("Ошибка анализа: %(error)s") % {"error": error})
        return False


def _note_postponed(call_id: int) -> None:
    """Tell the reader of the status history why the call waits; the database may still be
    busy, and the note is not worth more than the call, so a failure here is only logged."""
    try:
        _log_status(call_id, Status.TRANSCRIBED,
                    _("Анализ отложен: база данных временно недоступна. Повтор будет "
                      "автоматически в течение %(minutes)d минут.")
                    % {"minutes": int(ANALYSIS_GRACE.total_seconds() // 60) + 5})
    except Exception:
        logger.warning("Could not note the postponed analysis of call %s", call_id)


def call_retry(*, call: Call) -> None:
    """A person retries a failed call from where it failed: a call with a transcript (imported,
    or transcribed before its analysis failed) is analysed again, a recording without one is
    transcribed again."""
    if call.status != Status.FAILED:
        raise CallNotRetryable(_("Повторить можно только звонок с ошибкой."))
    # Segments are written only when a transcription succeeds, so a failed call that has them
    # failed at analysis: transcribing it again would redo the expensive half for nothing.
    if call.segments.exists():
        with transaction.atomic():
            moved = Call.objects.filter(pk=call.pk, status=Status.FAILED).update(
                status=Status.TRANSCRIBED, failure_reason="", updated_at=timezone.now()
            )
            if moved:
                _log_status(call.pk, Status.TRANSCRIBED, _("Повторный анализ"))
                call_queue_analysis(call_id=call.pk)
        call.refresh_from_db()
        return
    if call.audio:
        call_queue_transcription(call=call, reset_attempts=True)
        return
    raise CallNotRetryable(_("У звонка нет ни записи, ни транскрипта: повторять нечего."))


@dataclass(frozen=True)
class RequeueReport:
    requeued: int
    failed: int
    analyses: int


def calls_requeue_stuck(*, now: datetime | None = None) -> RequeueReport:
    """Find calls whose worker died or whose task was lost, and put them back in the queue.

    A transcription is killed by the cluster after TRANSCRIBE_TIMEOUT, so a call still claimed
    after that long has no living worker.
    """
    now = now or timezone.now()
    timeout = timedelta(seconds=settings.TRANSCRIBE_TIMEOUT)
    requeued = failed = analyses = 0

    for call in Call.objects.stuck(now=now, older_than=timeout):
        claim = Call.objects.filter(pk=call.pk, status=Status.TRANSCRIBING,
                                    claimed_at=call.claimed_at)
        if call.attempts >= settings.TRANSCRIBE_MAX_ATTEMPTS:
            reason = _(
                "Распознавание не завершилось за %(count)d попыток (обработчик остановился)."
            ) % {"count": call.attempts}
            with transaction.atomic():
                if claim.update(status=Status.FAILED, failure_reason=reason, claimed_at=None,
                                claimed_by="", updated_at=now):
                    _log_status(call.pk, Status.FAILED, reason)
                    failed += 1
            continue
        with transaction.atomic():
            if claim.update(status=Status.QUEUED, queued_at=now, claimed_at=None, claimed_by="",
                            updated_at=now):
                _log_status(call.pk, Status.QUEUED,
                            _("Распознавание не завершилось за отведённое время (обработчик "
                              "остановился); звонок возвращён в очередь, попытка %(attempt)d "
                              "из %(total)d")
                            % {"attempt": call.attempts,
                               "total": settings.TRANSCRIBE_MAX_ATTEMPTS})
                enqueue_on_commit("calls.tasks.transcribe_call", call.pk)
                requeued += 1

    # A queued call whose message the broker lost (a Redis worker died holding it) is sent again;
    # the conditional claim makes a duplicate message harmless.
    lost_after = timeout + timedelta(minutes=5)
    for call_id in Call.objects.filter(
        status=Status.QUEUED, queued_at__lt=now - lost_after
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Call.objects.filter(pk=call_id, status=Status.QUEUED).update(queued_at=now):
                enqueue_on_commit("calls.tasks.transcribe_call", call_id)
                requeued += 1

    for call in Call.objects.filter(status=Status.RECEIVED, created_at__lt=now - QUEUE_GRACE):
        if call_queue_transcription(call=call):
            requeued += 1

    for call_id in Call.objects.filter(
        status=Status.TRANSCRIBED, updated_at__lt=now - ANALYSIS_GRACE
    ).values_list("pk", flat=True):
        with transaction.atomic():
            call_queue_analysis(call_id=call_id)
        analyses += 1
    return RequeueReport(requeued=requeued, failed=failed, analyses=analyses)
