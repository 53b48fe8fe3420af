"""The life of a call after it is stored: queue, claim, transcribe, analyse, fail, retry, recover.

Every status change is a conditional UPDATE on the status the change starts from, so that two
workers (or a worker and `requeue_stuck`) can never both move the same call: the loser updates
zero rows and walks away.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.errors import AudioRejected, CallNotRetryable
from calls.models import Call, CallStatusChange, Segment, Speaker
from calls.redaction.audio import call_mute_audio_or_note
from calls.redaction.storage import mutes_audio, redact_segments, redactions_record
from calls.vocabulary.decoder import decoder_overrides
from project.queue import enqueue_on_commit
from project.russian import plural
from project.transient import is_transient, retry_transient

logger = logging.getLogger(__name__)

Status = Call.Status

# How long a transcribed call may wait for its analysis task before we assume the task was lost.
ANALYSIS_GRACE = timedelta(minutes=10)
# How long a received call may wait for its first queueing before we assume the broker was down.
QUEUE_GRACE = timedelta(minutes=5)


def worker_id() -> str:
    """host:pid, and on Linux :namespace.start — the process's pid namespace and start time — so
    that a cluster starting on the same host can tell at once a claim whose process is gone."""
    identity = _process_identity(os.getpid())
    base = f"{socket.gethostname()}:{os.getpid()}"
    return f"{base}:{identity}" if identity else base


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid").removeprefix("pid:[").removesuffix("]")
    except OSError:
        return ""


def _proc_stat(pid: int) -> tuple[str, str]:
    """The process's state and start time in clock ticks since boot (/proc/PID/stat fields 3 and
    22); raises FileNotFoundError when no such process exists."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return fields[0], fields[19]


def _start_time(pid: int) -> str:
    return _proc_stat(pid)[1]


def _process_identity(pid: int) -> str:
    namespace = _pid_namespace()
    try:
        return f"{namespace}.{_start_time(pid)}" if namespace else ""
    except (OSError, IndexError):
        return ""


def claim_process_gone(claimed_by: str) -> bool:
    """True only when the claim was made on this host, in this pid namespace, by a process that
    no longer runs (its pid is free or now another process). Anything unsure is False: then the
    heartbeat decides."""
    parts = claimed_by.split(":")
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    namespace, _, started = parts[2].partition(".")
    if not namespace or namespace != _pid_namespace():
        return False
    try:
        state, start = _proc_stat(int(parts[1]))
    except FileNotFoundError:
        return True
    except (OSError, IndexError):
        return False
    # A killed worker stays a zombie until someone reaps it (its cluster died too).
    return start != started or state in ("Z", "X")


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
    """Claim, transcribe and store the segments of one call. True when this worker did it.

    While the claim is held its heartbeat is renewed (ClaimHeartbeat), so a killed worker's claim
    is known dead in CLAIM_DEAD_AFTER seconds rather than after TRANSCRIBE_TIMEOUT.
    """
    heartbeat = ClaimHeartbeat(call_id=call_id, worker=worker_id())
    try:
        return _call_transcribe(call_id=call_id, heartbeat=heartbeat)
    finally:
        heartbeat.stop()


class ClaimHeartbeat:
    """A daemon thread renewing `heartbeat_at` of the claimed call every CLAIM_HEARTBEAT_SECONDS.

    Each beat is one short UPDATE on the call still claimed by this worker (a lock on SQLite lasts
    that long); when it updates nothing the claim was taken away and the beating stops. A failed
    beat (a busy or lost database) is logged and the next one tried: the transcription goes on,
    and only a claim silent for CLAIM_DEAD_AFTER is given to another worker.
    """

    def __init__(self, *, call_id: int, worker: str, interval: float | None = None) -> None:
        self.call_id = call_id
        self.worker = worker
        self.interval = interval if interval is not None else settings.CLAIM_HEARTBEAT_SECONDS
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name=f"slyshu-heartbeat-{self.call_id}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            # A beat in flight finishes in a moment; a stalled one is not waited for (a daemon).
            self._thread.join(timeout=2)

    def beat(self) -> bool:
        """One beat. False when the claim is no longer this worker's."""
        now = timezone.now()
        return bool(
            Call.objects.filter(
                pk=self.call_id, status=Status.TRANSCRIBING, claimed_by=self.worker
            ).update(heartbeat_at=now)
        )

    def _run(self) -> None:
        from django.db import connection

        try:
            while not self._stopped.wait(self.interval):
                try:
                    if not self.beat():
                        logger.warning("Call %s is no longer claimed by %s; heartbeat stopped",
                                       self.call_id, self.worker)
                        return
                except Exception as error:
                    logger.warning("Heartbeat of call %s failed, trying again in %s s: %s",
                                   self.call_id, self.interval, error)
                    connection.close_if_unusable_or_obsolete()
        finally:
            connection.close()  # this thread's own connection


def _call_transcribe(*, call_id: int, heartbeat: ClaimHeartbeat) -> bool:
    from calls.transcription.engine import transcribe_audio

    worker = heartbeat.worker

    def claim() -> bool:
        now = timezone.now()
        with transaction.atomic():
            claimed = Call.objects.filter(
                pk=call_id, status__in=[Status.RECEIVED, Status.QUEUED]
            ).update(
                status=Status.TRANSCRIBING, claimed_at=now, claimed_by=worker, heartbeat_at=now,
                attempts=F("attempts") + 1, updated_at=now,
            )
            if claimed:
                attempts = Call.objects.values_list("attempts", flat=True).get(pk=call_id)
                _log_status(call_id, Status.TRANSCRIBING, _attempt_note(attempts))
        return bool(claimed)

    if not _retrying(claim, f"claim of call {call_id}"):
        logger.info("Call %s is not waiting for transcription; skipped", call_id)
        return False
    heartbeat.start()
    call = Call.objects.select_related("line").get(pk=call_id)

    try:
        # The line's own words bias the decoder for its calls only (docs/line-vocabulary.md);
        # a line without them is transcribed exactly as before.
        overrides = decoder_overrides(call.line)
        if overrides:
            pieces = transcribe_audio(Path(call.audio.path), speakers=speakers_for(call),
                                      overrides=overrides)
        else:
            pieces = transcribe_audio(Path(call.audio.path), speakers=speakers_for(call))
    except AudioRejected as error:
        call_mark_failed(call_id=call_id, reason=error.message, from_status=Status.TRANSCRIBING)
        return False
    except Exception as error:
        logger.exception("Transcription of call %s failed", call_id)
        _after_transcription_error(call=call, worker=worker, error=error)
        return False

    # Personal data never reaches the database: the transcript is redacted before it is stored
    # (docs/redaction.md), and the recording is silenced there before the call is analysed.
    try:
        redacted = redact_segments(pieces)
    except Exception as error:
        logger.exception("Redaction of the transcript of call %s failed", call_id)
        _after_transcription_error(call=call, worker=worker, error=error)
        return False
    mute = redacted.changed and mutes_audio(call)

    def store() -> bool:
        # A person's corrections are not overwritten by the recognizer (docs/corrections.md).
        from calls.corrections.services import corrected_moments, corrections_carry_over

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
            corrected = corrected_moments(call_id=call_id)
            call.segments.all().delete()
            Segment.objects.bulk_create(
                Segment(
                    call_id=call_id, index=index, speaker=piece.speaker, start=piece.start,
                    end=piece.end, text=clean.text, confidence=piece.confidence,
                    words=clean.words,
                )
                for index, (piece, clean) in enumerate(
                    zip(pieces, redacted.segments, strict=True)
                )
            )
            redactions_record(call_id=call_id, spans=redacted.spans, replace=True)
            _log_status(
                call_id, Status.TRANSCRIBED, _("Реплик: %(count)d") % {"count": len(pieces)}
            )
            corrections_carry_over(call_id=call_id, moments=corrected)
            if not mute:
                call_queue_analysis(call_id=call_id)
        return True

    # An hour of decoding is not thrown away because the database was busy for a moment.
    if not _retrying(store, f"storing the transcript of call {call_id}"):
        return False
    if mute:
        # A failure is noted and the recording withheld until muted; the transcript stands.
        call_mute_audio_or_note(call_id=call_id)
        with transaction.atomic():
            call_queue_analysis(call_id=call_id)
    return True


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
                      "автоматически в течение %(minutes)s.")
                    % {"minutes": plural(int(ANALYSIS_GRACE.total_seconds() // 60) + 5,
                                         "минуты,минут,минут")})
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


TRANSCRIBE_TASK = "calls.tasks.transcribe_call"
ANALYSE_TASK = "calls.tasks.analyse_call"
# A queued call (or a transcribed one) whose message is in no broker queue this long is sent
# again: its message died with a killed cluster or was never sent (broker down). A message that a
# living cluster has taken but not started is sent twice, which is harmless: the conditional claim
# makes the second a no-op, and an analysis replaces what it wrote.
MESSAGE_LOST_AFTER = timedelta(minutes=1)
# Above this many waiting messages the broker is not read message by message; the old rule (a call
# queued for longer than the transcription timeout lost its message) applies.
PEEK_LIMIT = 20_000


def calls_requeue_stuck(*, now: datetime | None = None, at_start: bool = False) -> RequeueReport:
    """Find calls whose worker died or whose task was lost, and put them back in the queue.

    A claim is dead when its heartbeat is older than CLAIM_DEAD_AFTER (the worker renews it every
    CLAIM_HEARTBEAT_SECONDS while it transcribes), when its process on this host is gone
    (claim_process_gone), or, whatever its heartbeat, when it is older than TRANSCRIBE_TIMEOUT,
    after which the cluster kills the worker anyway. A living claim of any
    cluster keeps beating and is never taken.

    `at_start` is the recovery of a cluster that starts (calls/tasks.py): the cluster it replaces
    may have been killed with messages it had taken from the broker, so every queued or
    transcribed call without a message waiting in the broker is sent again at once, not after
    MESSAGE_LOST_AFTER.
    """
    now = now or timezone.now()
    timeout = timedelta(seconds=settings.TRANSCRIBE_TIMEOUT)
    dead_since = now - timedelta(seconds=settings.CLAIM_DEAD_AFTER)
    requeued = failed = analyses = 0
    sent: set[int] = set()  # sent in this pass, before the broker can show it

    claims = Call.objects.filter(status=Status.TRANSCRIBING)
    dead_claims = list(claims.filter(
        Q(claimed_at__lt=now - timeout) | Q(heartbeat_at__lt=dead_since)
    ))
    # A claim of a killed process on this host is dead now, not CLAIM_DEAD_AFTER later.
    dead_claims += [
        call for call in claims.exclude(pk__in=[c.pk for c in dead_claims])
        .filter(claimed_by__startswith=f"{socket.gethostname()}:")
        if claim_process_gone(call.claimed_by)
    ]
    for call in dead_claims:
        # Unchanged since it was read: a heartbeat in between means the worker lives.
        claim = Call.objects.filter(pk=call.pk, status=Status.TRANSCRIBING,
                                    claimed_at=call.claimed_at, heartbeat_at=call.heartbeat_at)
        if call.attempts >= settings.TRANSCRIBE_MAX_ATTEMPTS:
            reason = _(
                "Распознавание не завершилось за %(count)s (обработчик остановился)."
            ) % {"count": plural(call.attempts, "попытку,попытки,попыток")}
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
                            _("Распознавание не завершилось (обработчик остановился); звонок "
                              "возвращён в очередь, попытка %(attempt)d из %(total)d")
                            % {"attempt": call.attempts,
                               "total": settings.TRANSCRIBE_MAX_ATTEMPTS})
                enqueue_on_commit(TRANSCRIBE_TASK, call.pk)
                requeued += 1
                sent.add(call.pk)

    waiting = _waiting_messages()
    lost_after = timedelta(0) if at_start else MESSAGE_LOST_AFTER
    queued = Call.objects.filter(status=Status.QUEUED, queued_at__lte=now - lost_after)
    if waiting is None and not at_start:
        # The broker cannot tell which messages it holds: only a call queued for longer than a
        # transcription may take is known to have lost its message.
        queued = queued.filter(queued_at__lt=now - timeout - timedelta(minutes=5))
    for call_id, queued_at in queued.values_list("pk", "queued_at"):
        if call_id in sent or (waiting is not None and call_id in waiting[TRANSCRIBE_TASK]):
            continue
        with transaction.atomic():
            if Call.objects.filter(pk=call_id, status=Status.QUEUED,
                                   queued_at=queued_at).update(queued_at=now):
                enqueue_on_commit(TRANSCRIBE_TASK, call_id)
                requeued += 1

    for call in Call.objects.filter(status=Status.RECEIVED, created_at__lt=now - QUEUE_GRACE):
        if call_queue_transcription(call=call):
            requeued += 1

    analysis_grace = lost_after if waiting is not None or at_start else ANALYSIS_GRACE
    for call_id in Call.objects.filter(
        status=Status.TRANSCRIBED, updated_at__lte=now - analysis_grace
    ).values_list("pk", flat=True):
        if waiting is not None and call_id in waiting[ANALYSE_TASK]:
            continue
        with transaction.atomic():
            call_queue_analysis(call_id=call_id)
        analyses += 1
    return RequeueReport(requeued=requeued, failed=failed, analyses=analyses)


def _waiting_messages() -> dict[str, set[int]] | None:
    """Call ids by task of the messages waiting in the broker, not yet taken by a cluster; None
    when the broker cannot say (it is down, holds too many, or is of an unknown kind)."""
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    try:
        broker = get_broker()
        if broker.queue_size() > PEEK_LIMIT:
            return None
        payloads = _waiting_payloads(broker)
    except Exception as error:
        logger.warning("Could not read the waiting messages of the broker: %s", error)
        return None
    found: dict[str, set[int]] = {TRANSCRIBE_TASK: set(), ANALYSE_TASK: set()}
    for payload in payloads:
        try:
            task = SignedPackage.loads(payload)
            ids = found.get(task["func"])
            if ids is not None:
                ids.add(int(task["args"][0]))
        except Exception:  # another app's message, or one signed with another key
            continue
    return found


def _waiting_payloads(broker: object) -> list[str | bytes]:
    from django_q.brokers.orm import ORM

    if isinstance(broker, ORM):
        # A message a cluster took is locked until the retry time: it is no longer waiting.
        return list(
            broker.get_connection()
            .filter(key=broker.list_key, lock__lte=timezone.now())
            .values_list("payload", flat=True)
        )
    if type(broker).__name__ == "Redis":
        # A Redis message leaves the list when a cluster takes it: what is left is waiting.
        return list(broker.connection.lrange(broker.list_key, 0, -1))  # type: ignore[attr-defined]
    raise TypeError(f"unsupported broker {type(broker).__name__}")


def calls_recover_at_start() -> RequeueReport:
    """What a starting cluster runs before it works: see calls_requeue_stuck(at_start=True)."""
    return calls_requeue_stuck(at_start=True)
