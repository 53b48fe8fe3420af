"""calls/pipeline.py under transient faults: a locked database delays a call, never fails it.

The faults are injected into the analysis registry's runner, where every analyser (the tagger
now, objections and skills later) runs inside the pipeline's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from rest_framework.test import APIClient

from calls import analysis
from calls.models import Call, CallTag
from calls.pipeline import call_analyse, call_retry
from tests.factories import KeyPhraseFactory, call_with_segments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_backoff(settings: Any) -> None:
    settings.TRANSIENT_RETRY_BASE_DELAY = 0
    settings.TRANSIENT_RETRY_ATTEMPTS = 4


def _faulty(monkeypatch: pytest.MonkeyPatch, error: Exception, times: int) -> list[int]:
    """Make the first `times` analyses raise `error`; then the real analysers run."""
    real = analysis.analyse_calls
    raised: list[int] = []

    def analyse_calls(*, call_ids: Sequence[int], **kwargs: Any) -> dict[str, object]:
        if len(raised) < times:
            raised.append(1)
            raise error
        return real(call_ids=call_ids, **kwargs)

    monkeypatch.setattr(analysis, "analyse_calls", analyse_calls)
    return raised


@pytest.fixture
def transcribed() -> Call:
    KeyPhraseFactory(text="ждал на линии")
    return call_with_segments(("customer", "Я ждал на линии полчаса"),
                              status=Call.Status.TRANSCRIBED)


def test_a_locked_database_is_retried_and_the_call_is_analysed(
    monkeypatch: pytest.MonkeyPatch, transcribed: Call,
) -> None:
    raised = _faulty(monkeypatch, OperationalError("database is locked"), times=3)

    assert call_analyse(call_id=transcribed.pk)

    transcribed.refresh_from_db()
    assert len(raised) == 3
    assert (transcribed.status, transcribed.failure_reason) == (Call.Status.ANALYSED, "")
    assert CallTag.objects.filter(call=transcribed).count() == 1


def test_a_fault_that_outlasts_the_retries_leaves_the_call_waiting_not_failed(
    monkeypatch: pytest.MonkeyPatch, transcribed: Call, django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    _faulty(monkeypatch, OperationalError("database is locked"), times=4)

    assert not call_analyse(call_id=transcribed.pk)

    transcribed.refresh_from_db()
    assert transcribed.status == Call.Status.TRANSCRIBED and transcribed.failure_reason == ""
    note = transcribed.status_changes.last()
    assert note is not None and note.note.startswith("Анализ отложен")

    # The periodic recovery sends the analysis again once the grace has passed.
    Call.objects.filter(pk=transcribed.pk).update(
        updated_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stuck")
    transcribed.refresh_from_db()
    assert transcribed.status == Call.Status.ANALYSED


@pytest.mark.parametrize("error", [
    OperationalError("deadlock detected"),
    OperationalError("could not serialize access due to concurrent update"),
    OperationalError("server closed the connection unexpectedly"),
])
def test_other_passing_faults_are_retried_too(
    monkeypatch: pytest.MonkeyPatch, transcribed: Call, error: Exception,
) -> None:
    _faulty(monkeypatch, error, times=1)
    assert call_analyse(call_id=transcribed.pk)
    transcribed.refresh_from_db()
    assert transcribed.status == Call.Status.ANALYSED


def test_a_defect_fails_the_call_and_a_retry_analyses_it_again(
    monkeypatch: pytest.MonkeyPatch, transcribed: Call, django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    raised = _faulty(monkeypatch, ValueError("phrase table corrupt"), times=1)

    assert not call_analyse(call_id=transcribed.pk)
    transcribed.refresh_from_db()
    assert len(raised) == 1  # a defect is not retried
    assert transcribed.status == Call.Status.FAILED
    assert "Ошибка анализа" in transcribed.failure_reason

    with django_capture_on_commit_callbacks(execute=True):
        call_retry(call=transcribed)
    transcribed.refresh_from_db()
    assert transcribed.status == Call.Status.ANALYSED
    assert CallTag.objects.filter(call=transcribed).count() == 1


def test_a_failed_analysis_of_a_recorded_call_is_not_transcribed_again(
    monkeypatch: pytest.MonkeyPatch, transcribed: Call, admin_user: Any,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """A recording whose analysis failed keeps its transcript: the API retry analyses it."""
    Call.objects.filter(pk=transcribed.pk).update(
        status=Call.Status.FAILED, failure_reason="Ошибка анализа: …", audio="calls/x.wav")

    def no_transcription(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("transcribed again")

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", no_transcription)
    client = APIClient()
    client.force_authenticate(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/calls/{transcribed.pk}/retry/")
    assert response.status_code == 202
    transcribed.refresh_from_db()
    assert transcribed.status == Call.Status.ANALYSED
