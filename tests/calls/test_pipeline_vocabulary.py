"""calls/pipeline.py: a line's vocabulary reaches the decoder for that line's calls only, and a
call of a line without one is transcribed exactly as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from calls import pipeline
from calls.models import Call, LineTerm
from calls.transcription.engine import TranscribedSegment
from tests.audio_samples import write_wav
from tests.factories import CallFactory, LineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    def transcribe_audio(path: Path, **kwargs: Any) -> list[TranscribedSegment]:
        seen.append(kwargs)
        return [TranscribedSegment(speaker="operator", start=0.0, end=1.0, text="Добрый день",
                                   confidence=0.9, words=None)]

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", transcribe_audio)
    return seen


def queued_call(tmp_path: Path, **fields: Any) -> Call:
    call = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now(), **fields)
    call.audio.save("a.wav", ContentFile(write_wav(tmp_path / "a.wav", 1.0).read_bytes()))
    return call


@override_settings(WHISPER_VOCABULARY_MODE="hotwords")
def test_the_vocabulary_reaches_the_decoder_only_for_calls_of_its_line(
    tmp_path: Path, engine_calls: list[dict[str, Any]]
) -> None:
    support = LineFactory(code="support", name="Поддержка")
    sales = LineFactory(code="sales", name="Продажи")
    LineTerm.objects.create(line=support, term="промокод")
    LineTerm.objects.create(line=support, term="подписка плюс")

    assert pipeline.call_transcribe(call_id=queued_call(tmp_path, line=support).pk)
    assert pipeline.call_transcribe(call_id=queued_call(tmp_path, line=sales).pk)
    assert pipeline.call_transcribe(call_id=queued_call(tmp_path, line=None).pk)

    with_words, other_line, no_line = engine_calls
    assert with_words["overrides"] == {"hotwords": "промокод, подписка плюс."}
    # The engine is called as it always was: no options, so it takes today's from the settings.
    assert other_line == no_line == {"speakers": ["operator", "customer"]}


def test_a_line_with_the_switch_off_is_transcribed_as_before(
    tmp_path: Path, engine_calls: list[dict[str, Any]]
) -> None:
    line = LineFactory(vocabulary_to_decoder=False)
    LineTerm.objects.create(line=line, term="промокод")

    assert pipeline.call_transcribe(call_id=queued_call(tmp_path, line=line).pk)

    assert engine_calls == [{"speakers": ["operator", "customer"]}]
