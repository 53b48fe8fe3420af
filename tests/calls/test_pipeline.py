"""Claiming, failing, retrying and recovering calls; the transcription engine is replaced here
by a stand-in because these tests are about who does the work, not what it produces
(tests/calls/transcription/test_engine.py runs the real model)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from calls import pipeline
from calls.errors import AudioRejected
from calls.models import Call
from calls.transcription.engine import TranscribedSegment
from tests.audio_samples import write_wav
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_call(tmp_path: Path) -> Call:
    call = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now())
    call.audio.save("a.wav", ContentFile(write_wav(tmp_path / "a.wav", 1.0).read_bytes()))
    return call


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    seen: list[list[str]] = []

    def transcribe_audio(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        seen.append(list(speakers))
        return [
            TranscribedSegment(speaker=speakers[0], start=0.0, end=1.0, text="Добрый день",
                               confidence=0.9, words=None),
        ]

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", transcribe_audio)
    return seen


def test_transcribe_claims_stores_segments_and_analyses(
    queued_call: Call, fake_engine: list[list[str]], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()

    assert queued_call.status == Call.Status.ANALYSED
    assert queued_call.attempts == 1 and queued_call.claimed_by == ""
    assert [s.text for s in queued_call.segments.all()] == ["Добрый день"]
    # Stereo with the operator on the left channel by default.
    assert fake_engine == [["operator", "customer"]]
    assert [c.status for c in queued_call.status_changes.all()] == [
        "transcribing", "transcribed", "analysed"
    ]


def test_operator_channel_follows_the_line(queued_call: Call, fake_engine: list[list[str]]) -> None:
    queued_call.line.operator_channel = "right"
    queued_call.line.save()
    pipeline.call_transcribe(call_id=queued_call.pk)
    assert fake_engine == [["customer", "operator"]]


def test_a_claimed_call_is_not_transcribed_twice(
    queued_call: Call, fake_engine: list[list[str]]
) -> None:
    Call.objects.filter(pk=queued_call.pk).update(status=Call.Status.TRANSCRIBING,
                                                  claimed_by="other:1")
    assert not pipeline.call_transcribe(call_id=queued_call.pk)
    assert fake_engine == []


def test_result_of_a_worker_that_lost_its_claim_is_discarded(
    queued_call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_engine(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        # Meanwhile requeue_stuck handed the call to another worker, which claimed it.
        Call.objects.filter(pk=queued_call.pk).update(claimed_by="other:2")
        return []

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", slow_engine)
    assert not pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.TRANSCRIBING
    assert queued_call.claimed_by == "other:2"


def test_unreadable_audio_fails_at_once_with_its_reason(
    queued_call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        raise AudioRejected("Запись повреждена")

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", broken)
    pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.FAILED
    assert queued_call.failure_reason == "Запись повреждена"


def test_unexpected_errors_retry_then_fail(
    queued_call: Call, monkeypatch: pytest.MonkeyPatch, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSCRIBE_MAX_ATTEMPTS = 2

    def crash(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        raise RuntimeError("out of memory")

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", crash)
    pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()
    assert (queued_call.status, queued_call.attempts) == (Call.Status.QUEUED, 1)

    pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()
    assert (queued_call.status, queued_call.attempts) == (Call.Status.FAILED, 2)
    assert "out of memory" in queued_call.failure_reason

    pipeline.call_retry(call=queued_call)
    queued_call.refresh_from_db()
    assert (queued_call.status, queued_call.attempts) == (Call.Status.QUEUED, 0)


def test_stuck_call_of_a_dead_worker_is_requeued(
    queued_call: Call, fake_engine: list[list[str]], settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSCRIBE_TIMEOUT = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    Call.objects.filter(pk=queued_call.pk).update(
        status=Call.Status.TRANSCRIBING, claimed_at=long_ago, claimed_by="dead-host:99",
        attempts=1,
    )
    fresh = CallFactory(status=Call.Status.TRANSCRIBING, claimed_at=timezone.now(),
                        claimed_by="alive:1")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stuck")

    queued_call.refresh_from_db()
    fresh.refresh_from_db()
    # Requeued and, with tasks run in-process here, transcribed by a living worker.
    assert queued_call.status == Call.Status.ANALYSED
    assert queued_call.attempts == 2
    assert fresh.status == Call.Status.TRANSCRIBING
    # The history tells a reader what happened, not which host:pid held the call.
    notes = [c.note for c in queued_call.status_changes.filter(status=Call.Status.QUEUED)]
    assert any("обработчик остановился" in note and "попытка 1 из 3" in note for note in notes)
    assert not any("dead-host" in c.note for c in queued_call.status_changes.all())
    started = queued_call.status_changes.filter(status=Call.Status.TRANSCRIBING).last()
    assert started is not None and started.note == "Распознавание начато (попытка 2 из 3)"


def test_stuck_call_out_of_attempts_fails(queued_call: Call, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSCRIBE_TIMEOUT = 60
    settings.TRANSCRIBE_MAX_ATTEMPTS = 2
    Call.objects.filter(pk=queued_call.pk).update(
        status=Call.Status.TRANSCRIBING, attempts=2, claimed_by="dead:1",
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    report = pipeline.calls_requeue_stuck()
    queued_call.refresh_from_db()
    assert report.failed == 1
    assert queued_call.status == Call.Status.FAILED
    assert "2" in queued_call.failure_reason


def test_lost_queue_messages_and_never_queued_calls_are_sent_again(
    queued_call: Call, settings, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[str, int]] = []
    monkeypatch.setattr("django_q.tasks.async_task",
                        lambda func, call_id, **kw: sent.append((func, call_id)))
    settings.TRANSCRIBE_TIMEOUT = 60
    Call.objects.filter(pk=queued_call.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    never_queued = CallFactory(status=Call.Status.RECEIVED)
    never_queued.audio.save("b.wav", ContentFile(b"x"))
    Call.objects.filter(pk=never_queued.pk).update(created_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.calls_requeue_stuck()

    assert report.requeued == 2
    assert sorted(sent) == sorted([("calls.tasks.transcribe_call", queued_call.pk),
                                   ("calls.tasks.transcribe_call", never_queued.pk)])


def test_broker_down_does_not_lose_the_call(
    queued_call: Call, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis down")

    monkeypatch.setattr("django_q.tasks.async_task", down)
    Call.objects.filter(pk=queued_call.pk).update(status=Call.Status.FAILED)
    queued_call.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.call_retry(call=queued_call)
    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.QUEUED


def test_mono_call_gets_the_speaker_the_import_named(
    queued_call: Call, fake_engine: list[list[str]]
) -> None:
    Call.objects.filter(pk=queued_call.pk).update(channel_layout="mono", mono_speaker="operator")
    pipeline.call_transcribe(call_id=queued_call.pk)
    assert fake_engine == [["operator"]]
