"""Heartbeated claims and the recovery of a starting cluster (calls/pipeline.py, calls/tasks.py):
a killed worker's claim is dead in CLAIM_DEAD_AFTER seconds, a killed cluster's messages are sent
again when a cluster starts, a living claim of another cluster is never taken, and a duplicate
message never transcribes or tags a call twice."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.signing import SignedPackage

from calls import pipeline, tasks
from calls.models import Call, CallTag, Segment
from calls.transcription.engine import TranscribedSegment
from tests.audio_samples import write_wav
from tests.factories import CallFactory, KeyPhraseFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Messages sent to the broker, instead of running them."""
    messages: list[tuple[str, int]] = []
    monkeypatch.setattr("django_q.tasks.async_task",
                        lambda func, call_id, **kw: messages.append((func, call_id)))
    return messages


@pytest.fixture
def queued_call(tmp_path: Path) -> Call:
    call = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now())
    call.audio.save("a.wav", ContentFile(write_wav(tmp_path / "a.wav", 1.0).read_bytes()))
    return call


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []

    def transcribe_audio(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        seen.append(path)
        return [TranscribedSegment(speaker=speakers[0], start=0.0, end=1.0,
                                   text="Здравствуйте, хочу вернуть холодильник", confidence=0.9,
                                   words=None)]

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", transcribe_audio)
    return seen


def _claimed(call: Call, *, claimed_ago: float, beat_ago: float | None,
             worker: str = "host:1") -> None:
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        status=Call.Status.TRANSCRIBING, claimed_by=worker, attempts=1,
        claimed_at=now - timedelta(seconds=claimed_ago),
        heartbeat_at=None if beat_ago is None else now - timedelta(seconds=beat_ago),
    )


@pytest.fixture
def broker() -> Any:
    """The configured broker (ORM, or Redis in the services run), empty before and after."""
    broker = get_broker()
    broker.purge_queue()
    yield broker
    broker.purge_queue()


def _waiting_in_broker(broker: Any, func: str, call_id: int) -> None:
    """A message waiting in the broker, as async_task leaves it."""
    broker.enqueue(SignedPackage.dumps({"id": "x", "func": func, "args": (call_id,),
                                        "kwargs": {}}))


# --- Heartbeats ----------------------------------------------------------------------------------

def test_a_claim_starts_its_heartbeat(queued_call: Call, fake_engine: list[Path],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    beats: list[int] = []
    monkeypatch.setattr(pipeline.ClaimHeartbeat, "start", lambda self: beats.append(self.call_id))
    before = timezone.now()

    assert pipeline.call_transcribe(call_id=queued_call.pk)

    assert beats == [queued_call.pk]
    queued_call.refresh_from_db()
    assert queued_call.heartbeat_at is not None and queued_call.heartbeat_at >= before


def test_no_heartbeat_without_a_claim(queued_call: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    beats: list[int] = []
    monkeypatch.setattr(pipeline.ClaimHeartbeat, "start", lambda self: beats.append(self.call_id))
    Call.objects.filter(pk=queued_call.pk).update(status=Call.Status.ANALYSED)
    assert not pipeline.call_transcribe(call_id=queued_call.pk)
    assert beats == []


def test_a_beat_renews_only_this_workers_claim(queued_call: Call) -> None:
    _claimed(queued_call, claimed_ago=60, beat_ago=60, worker="me:1")
    assert pipeline.ClaimHeartbeat(call_id=queued_call.pk, worker="me:1").beat()
    queued_call.refresh_from_db()
    assert queued_call.heartbeat_at is not None
    assert (timezone.now() - queued_call.heartbeat_at).total_seconds() < 5

    # The claim went to another worker: the beat updates nothing and says so.
    assert not pipeline.ClaimHeartbeat(call_id=queued_call.pk, worker="other:2").beat()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_survives_a_fault_and_stops_when_the_claim_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = CallFactory(status=Call.Status.QUEUED)
    _claimed(call, claimed_ago=60, beat_ago=60, worker="me:1")
    real_beat = pipeline.ClaimHeartbeat.beat
    results: list[Any] = []
    lost = threading.Event()

    def beat(self: pipeline.ClaimHeartbeat) -> bool:
        if not results:
            results.append("fault")
            raise RuntimeError("database is locked")  # logged, and the next beat is tried
        alive = real_beat(self)
        results.append(alive)
        if len(results) == 3:  # after one good beat, another worker takes the call
            Call.objects.filter(pk=call.pk).update(claimed_by="other:2")
        if not alive:
            lost.set()
        return alive

    monkeypatch.setattr(pipeline.ClaimHeartbeat, "beat", beat)
    heartbeat = pipeline.ClaimHeartbeat(call_id=call.pk, worker="me:1", interval=0.02)
    heartbeat.start()
    assert lost.wait(10), results
    heartbeat.stop()

    assert results[:2] == ["fault", True] and results[-1] is False
    assert heartbeat._thread is not None and not heartbeat._thread.is_alive()
    call.refresh_from_db()
    assert (timezone.now() - call.heartbeat_at).total_seconds() < 5


def test_stop_ends_the_thread_at_once(queued_call: Call) -> None:
    heartbeat = pipeline.ClaimHeartbeat(call_id=queued_call.pk, worker="me:1", interval=3600)
    heartbeat.start()
    started = time.monotonic()
    heartbeat.stop()
    assert time.monotonic() - started < 1
    assert heartbeat._thread is not None and not heartbeat._thread.is_alive()


# --- Dead and living claims --------------------------------------------------------------------

def test_a_claim_whose_heartbeat_stopped_is_requeued_at_once(
    queued_call: Call, sent: list[tuple[str, int]], settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TRANSCRIBE_TIMEOUT = 1800
    settings.CLAIM_DEAD_AFTER = 35
    _claimed(queued_call, claimed_ago=50, beat_ago=40)  # far from the timeout

    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.calls_requeue_stuck()

    queued_call.refresh_from_db()
    assert report.requeued == 1
    assert (queued_call.status, queued_call.claimed_by) == (Call.Status.QUEUED, "")
    assert sent == [("calls.tasks.transcribe_call", queued_call.pk)]


def test_a_living_claim_of_another_cluster_is_never_taken(
    queued_call: Call, sent: list[tuple[str, int]], settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TRANSCRIBE_TIMEOUT = 1800
    settings.CLAIM_DEAD_AFTER = 35
    # Claimed long ago (a long call) but beating: another cluster is working on it.
    _claimed(queued_call, claimed_ago=1500, beat_ago=5, worker="other-host:7")

    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.calls_recover_at_start().requeued == 0
        assert pipeline.calls_requeue_stuck().requeued == 0

    queued_call.refresh_from_db()
    assert (queued_call.status, queued_call.claimed_by) == (Call.Status.TRANSCRIBING,
                                                            "other-host:7")
    assert sent == []


def test_the_timeout_stays_a_hard_cap_and_a_claim_without_heartbeat_waits_for_it(
    sent: list[tuple[str, int]], settings: Any, django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TRANSCRIBE_TIMEOUT = 600
    settings.CLAIM_DEAD_AFTER = 35
    beating_too_long = CallFactory(status=Call.Status.QUEUED)
    _claimed(beating_too_long, claimed_ago=700, beat_ago=1)
    # Claimed by a worker of the version before heartbeats: only the timeout tells.
    old_worker = CallFactory(status=Call.Status.QUEUED)
    _claimed(old_worker, claimed_ago=300, beat_ago=None)

    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.calls_requeue_stuck()

    assert report.requeued == 1
    assert sent == [("calls.tasks.transcribe_call", beating_too_long.pk)]
    old_worker.refresh_from_db()
    assert old_worker.status == Call.Status.TRANSCRIBING


def test_a_beat_between_reading_and_requeueing_keeps_the_claim(
    queued_call: Call, sent: list[tuple[str, int]], settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.CLAIM_DEAD_AFTER = 35
    _claimed(queued_call, claimed_ago=50, beat_ago=40, worker="slow:1")
    queryset_class = type(Call.objects.none())
    real_update = queryset_class.update
    beaten: list[int] = []

    def update(self: Any, **changes: Any) -> int:
        if changes.get("status") == Call.Status.QUEUED and not beaten:
            beaten.append(1)  # the slow worker's beat lands first
            real_update(Call.objects.filter(pk=queued_call.pk), heartbeat_at=timezone.now())
        return real_update(self, **changes)

    monkeypatch.setattr(queryset_class, "update", update)
    assert pipeline.calls_requeue_stuck().requeued == 0
    queued_call.refresh_from_db()
    assert beaten and queued_call.status == Call.Status.TRANSCRIBING


# --- Lost messages -----------------------------------------------------------------------------

def test_a_starting_cluster_sends_again_what_no_broker_queue_holds(
    sent: list[tuple[str, int]], settings: Any, django_capture_on_commit_callbacks: Any,
    broker: Any,
) -> None:
    settings.CLAIM_DEAD_AFTER = 35
    # Queued a moment ago; its message was in the killed cluster's memory.
    lost = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now())
    # Queued too, but its message still waits in the broker: not sent twice.
    waiting = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now())
    _waiting_in_broker(broker, "calls.tasks.transcribe_call", waiting.pk)
    # Transcribed, its analysis message lost with the cluster.
    transcribed = CallFactory(status=Call.Status.TRANSCRIBED)
    analysis_waits = CallFactory(status=Call.Status.TRANSCRIBED)
    _waiting_in_broker(broker, "calls.tasks.analyse_call", analysis_waits.pk)
    # Claimed by the killed cluster a moment ago: its heartbeat is still fresh, so it is left
    # to the pass CLAIM_DEAD_AFTER later (below), like any claim that might be alive.
    fresh_claim = CallFactory(status=Call.Status.QUEUED)
    _claimed(fresh_claim, claimed_ago=5, beat_ago=5)

    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.calls_recover_at_start()

    assert sorted(sent) == sorted([("calls.tasks.transcribe_call", lost.pk),
                                   ("calls.tasks.analyse_call", transcribed.pk)])
    assert (report.requeued, report.analyses) == (1, 1)

    # The follow-up pass after CLAIM_DEAD_AFTER finds the claim silent.
    sent.clear()
    Call.objects.filter(pk=fresh_claim.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=40))
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.calls_requeue_stuck()
    assert ("calls.tasks.transcribe_call", fresh_claim.pk) in sent


def test_the_schedule_sends_again_a_message_missing_for_a_minute(
    sent: list[tuple[str, int]], django_capture_on_commit_callbacks: Any, broker: Any,
) -> None:
    a_while_ago = timezone.now() - timedelta(minutes=2)
    missing = CallFactory(status=Call.Status.QUEUED, queued_at=a_while_ago)
    in_broker = CallFactory(status=Call.Status.QUEUED, queued_at=a_while_ago)
    _waiting_in_broker(broker, "calls.tasks.transcribe_call", in_broker.pk)
    just_queued = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        pipeline.calls_requeue_stuck()

    assert sent == [("calls.tasks.transcribe_call", missing.pk)]
    assert just_queued.pk not in {pk for _func, pk in sent}


def test_an_unreadable_broker_falls_back_to_the_timeout_rule(
    sent: list[tuple[str, int]], settings: Any, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TRANSCRIBE_TIMEOUT = 60
    monkeypatch.setattr(pipeline, "_waiting_payloads", lambda broker: 1 / 0)
    recent = CallFactory(status=Call.Status.QUEUED,
                         queued_at=timezone.now() - timedelta(minutes=2))
    old = CallFactory(status=Call.Status.QUEUED,
                      queued_at=timezone.now() - timedelta(minutes=30))

    with django_capture_on_commit_callbacks(execute=True):
        pipeline.calls_requeue_stuck()
    assert sent == [("calls.tasks.transcribe_call", old.pk)]

    # At start every queued call is sent: a duplicate is harmless, a lost one is not.
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.calls_recover_at_start()
    assert sorted(pk for _func, pk in sent) == sorted([recent.pk, old.pk])


def test_a_message_of_a_call_already_done_is_a_no_op(
    queued_call: Call, fake_engine: list[Path], django_capture_on_commit_callbacks: Any,
) -> None:
    KeyPhraseFactory(tag=TagFactory(name="Возврат товара"), text="вернуть холодильник",
                     speaker="any")
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.call_transcribe(call_id=queued_call.pk)
        # The duplicate transcription message and a duplicate analysis message.
        assert not pipeline.call_transcribe(call_id=queued_call.pk)
        assert pipeline.call_analyse(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.ANALYSED
    assert len(fake_engine) == 1 and queued_call.attempts == 1
    assert Segment.objects.filter(call=queued_call).count() == 1
    history = list(queued_call.status_changes.values_list("status", flat=True))
    assert history.count("transcribed") == 1 and history.count("analysed") == 1
    tags = list(CallTag.objects.filter(call=queued_call).values_list("tag__name", flat=True))
    assert tags == ["Возврат товара"]


# --- The start hook ------------------------------------------------------------------------------

def test_the_worker_start_hook_recovers_then_checks_the_claims_again(
    monkeypatch: pytest.MonkeyPatch, settings: Any,
) -> None:
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    settings.CLAIM_DEAD_AFTER = 35
    calls: list[str] = []
    timers: list[float] = []
    monkeypatch.setattr(tasks, "calls_recover_at_start",
                        lambda: calls.append("start") or pipeline.RequeueReport(0, 0, 0))
    monkeypatch.setattr(tasks.connection, "close", lambda: None)

    class Timer:
        daemon = False

        def __init__(self, delay: float, func: Any) -> None:
            timers.append(delay)

        def start(self) -> None:
            calls.append("timer")

    monkeypatch.setattr(tasks.threading, "Timer", Timer)
    tasks.requeue_on_worker_start(proc_name="w")
    assert calls == ["start", "timer"] and timers == [36]


def test_no_recovery_when_tasks_run_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "calls_recover_at_start", lambda: 1 / 0)
    tasks.requeue_on_worker_start(proc_name="w")  # Conf.SYNC in tests: nothing runs


# --- A killed process on this host ----------------------------------------------------------

def _claim_of_a_process() -> tuple[str, Any]:
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    identity = pipeline._process_identity(process.pid)
    return f"{socket.gethostname()}:{process.pid}:{identity}", process


@pytest.mark.skipif(not Path("/proc/self/ns/pid").exists(), reason="Linux /proc only")
def test_a_claim_of_a_killed_process_on_this_host_is_dead_at_once(
    queued_call: Call, sent: list[tuple[str, int]], settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.CLAIM_DEAD_AFTER = 35
    claimed_by, process = _claim_of_a_process()
    try:
        assert not pipeline.claim_process_gone(claimed_by)  # alive: left to its heartbeat
        _claimed(queued_call, claimed_ago=3, beat_ago=3, worker=claimed_by)
        assert pipeline.calls_requeue_stuck().requeued == 0
        process.kill()
        deadline = time.monotonic() + 10
        while not pipeline._proc_stat(process.pid)[0] == "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        # Killed but not reaped yet (its cluster died with it): a zombie is gone too.
        assert pipeline.claim_process_gone(claimed_by)
    finally:
        process.kill()
        process.wait()

    assert pipeline.claim_process_gone(claimed_by)
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.calls_recover_at_start().requeued == 1
    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.QUEUED
    assert sent == [("calls.tasks.transcribe_call", queued_call.pk)]


@pytest.mark.skipif(not Path("/proc/self/ns/pid").exists(), reason="Linux /proc only")
def test_only_a_sure_claim_of_this_host_counts_as_gone() -> None:
    me = pipeline.worker_id()
    host, pid, identity = me.split(":")
    namespace, started = identity.split(".")
    assert not pipeline.claim_process_gone(me)
    # Another host, another pid namespace (a container), the format before identities, garbage:
    # the heartbeat decides.
    assert not pipeline.claim_process_gone(f"other-{host}:999999:{identity}")
    assert not pipeline.claim_process_gone(f"{host}:999999:1{namespace}.{started}")
    assert not pipeline.claim_process_gone(f"{host}:999999")
    assert not pipeline.claim_process_gone("")
    # This host and namespace: a free pid, or a pid now used by another process.
    assert pipeline.claim_process_gone(f"{host}:999999999:{identity}")
    assert pipeline.claim_process_gone(f"{host}:{pid}:{namespace}.1")


# --- A broker outage -----------------------------------------------------------------------------

def test_an_upload_during_a_broker_outage_is_kept_and_sent_when_the_broker_is_back(
    manager_user: Any, managed_operator: Any, tmp_path: Path, settings: Any,
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from project import queue
    from tests.factories import api_client_for

    settings.ENQUEUE_RETRY_SECONDS = 300
    retrier = queue.EnqueueRetrier()
    monkeypatch.setattr(retrier, "_start", lambda: None)  # the test drives the retries
    monkeypatch.setattr(queue, "RETRIER", retrier)
    broker_up = False
    sent: list[tuple[str, int]] = []

    def async_task(func: str, call_id: int, **kwargs: Any) -> None:
        if not broker_up:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        sent.append((func, call_id))

    monkeypatch.setattr("django_q.tasks.async_task", async_task)
    audio = write_wav(tmp_path / "a.wav", 1.0).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(manager_user).post(
            "/api/v1/calls/", {"audio": SimpleUploadedFile("a.wav", audio),
                               "operator": managed_operator.code},
            format="multipart")

    # Accepted and kept; the message waits in the retrier, not in the request.
    assert response.status_code == 201, response.content
    call = Call.objects.get(pk=response.json()["id"])
    assert call.status == Call.Status.QUEUED
    assert [task.ids for task in retrier.pending()] == [(call.pk,)]
    assert not retrier.send_round()  # still down

    broker_up = True
    assert retrier.send_round()
    assert sent == [("calls.tasks.transcribe_call", call.pk)]


def test_a_message_the_retrier_gave_up_on_is_sent_by_the_schedule(
    sent: list[tuple[str, int]], django_capture_on_commit_callbacks: Any,
) -> None:
    # The broker was down longer than ENQUEUE_RETRY_SECONDS (or the web process restarted):
    # the call is queued, its message nowhere.
    call = CallFactory(status=Call.Status.QUEUED,
                       queued_at=timezone.now() - timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.calls_requeue_stuck()
    assert sent == [("calls.tasks.transcribe_call", call.pk)]
