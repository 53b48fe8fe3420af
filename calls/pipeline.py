"""The life of a call after it is stored: queue, claim, transcribe, analyse, fail, retry, recover.

Every status change is a conditional UPDATE on the status the change starts from, so that two
workers (or a worker and `requeue_stuck`) can never both move the same call: the loser updates
zero rows and walks away.
"""

from __future__ import annotations

import logging
import os
import socket
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


def _enqueue(func: str, call_id: int) -> None:
    """Hand a task to the broker once the transaction commits.

    A broker that is down must not lose the call: it stays in its status and `requeue_stuck`
    queues it again later.
    """

    def send() -> None:
        from django_q.tasks import async_task

        try:
            async_task(func, call_id, task_name=f"{func.rsplit('.', 1)[-1]}-{call_id}")
        except Exception:
            logger.exception("Could not enqueue %s for call %s; requeue_stuck will retry", func,
                             call_id)

    transaction.on_commit(send)


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
        _enqueue("calls.tasks.transcribe_call", call.pk)
    call.refresh_from_db()
    return True


def call_queue_analysis(*, call_id: int) -> None:
    _enqueue("calls.tasks.analyse_call", call_id)


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
    now = timezone.now()
    with transaction.atomic():
        claimed = Call.objects.filter(
            pk=call_id, status__in=[Status.RECEIVED, Status.QUEUED]
        ).update(
            status=Status.TRANSCRIBING, claimed_at=now, claimed_by=worker,
            attempts=F("attempts") + 1, updated_at=now,
        )
        if not claimed:
            logger.info("Call %s is not waiting for transcription; skipped", call_id)
            return False
        _log_status(call_id, Status.TRANSCRIBING, worker)
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

    with transaction.atomic():
        finished = Call.objects.filter(
            pk=call_id, status=Status.TRANSCRIBING, claimed_by=worker
        ).update(
            status=Status.TRANSCRIBED, transcribed_at=timezone.now(), claimed_at=None,
            claimed_by="", failure_reason="", updated_at=timezone.now(),
        )
        if not finished:
            # requeue_stuck gave the call to another worker while we ran long: theirs stands.
            logger.warning("Call %s was taken from worker %s; result discarded", call_id, worker)
            return False
        call.segments.all().delete()
        Segment.objects.bulk_create(
            Segment(
                call_id=call_id, index=index, speaker=piece.speaker, start=piece.start,
                end=piece.end, text=piece.text, confidence=piece.confidence, words=piece.words,
            )
            for index, piece in enumerate(pieces)
        )
        _log_status(
            call_id, Status.TRANSCRIBED, _("Реплик: %(count)d") % {"count": len(pieces)}
        )
        call_queue_analysis(call_id=call_id)
    return True


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
            _enqueue("calls.tasks.transcribe_call", call.pk)


def call_analyse(*, call_id: int) -> bool:
    """Derive what later reports read (tags and evidence) from the transcript of one call."""
    from calls.analysis import analyse_segments

    call = Call.objects.filter(
        pk=call_id, status__in=[Status.TRANSCRIBED, Status.ANALYSED]
    ).first()
    if call is None:
        return False
    try:
        with transaction.atomic():
            analyse_segments(call=call)
            moved = Call.objects.filter(
                pk=call_id, status__in=[Status.TRANSCRIBED, Status.ANALYSED]
            ).update(status=Status.ANALYSED, analysed_at=timezone.now(),
                     updated_at=timezone.now())
            if moved and call.status != Status.ANALYSED:
                _log_status(call_id, Status.ANALYSED)
    except Exception as error:
        logger.exception("Analysis of call %s failed", call_id)
        call_mark_failed(call_id=call_id, reason=_("Ошибка анализа: %(error)s") % {"error": error})
        return False
    return True


def call_retry(*, call: Call) -> None:
    """A person retries a failed call: transcribe it again, or re-analyse an imported transcript."""
    if call.status != Status.FAILED:
        raise CallNotRetryable(_("Повторить можно только звонок с ошибкой."))
    if call.audio:
        call_queue_transcription(call=call, reset_attempts=True)
        return
    if not call.segments.exists():
        raise CallNotRetryable(_("У звонка нет ни записи, ни транскрипта: повторять нечего."))
    with transaction.atomic():
        moved = Call.objects.filter(pk=call.pk, status=Status.FAILED).update(
            status=Status.TRANSCRIBED, failure_reason="", updated_at=timezone.now()
        )
        if moved:
            _log_status(call.pk, Status.TRANSCRIBED, _("Повторный анализ"))
            call_queue_analysis(call_id=call.pk)
    call.refresh_from_db()


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
                            _("Обработчик %(worker)s остановился; звонок возвращён в очередь")
                            % {"worker": call.claimed_by})
                _enqueue("calls.tasks.transcribe_call", call.pk)
                requeued += 1

    # A queued call whose message the broker lost (a Redis worker died holding it) is sent again;
    # the conditional claim makes a duplicate message harmless.
    lost_after = timeout + timedelta(minutes=5)
    for call_id in Call.objects.filter(
        status=Status.QUEUED, queued_at__lt=now - lost_after
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Call.objects.filter(pk=call_id, status=Status.QUEUED).update(queued_at=now):
                _enqueue("calls.tasks.transcribe_call", call_id)
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
