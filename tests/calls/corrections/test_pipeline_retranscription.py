"""A call with corrections transcribed again through the real pipeline (calls/pipeline.py): the
person's words stay where the new segment is the same moment, the page says what was not kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from calls import pipeline
from calls.corrections.services import segment_correct
from calls.models import Call, SegmentCorrection
from calls.transcription.engine import TranscribedSegment
from project.roles import Role
from tests.audio_samples import write_wav
from tests.factories import CallFactory, SegmentFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db


def test_retranscription_keeps_corrections_of_the_same_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    trainer = UserFactory(role=Role.TRAINER)
    call = CallFactory()
    call.audio.save("a.wav", ContentFile(write_wav(tmp_path / "a.wav", 1.0).read_bytes()))
    kept = SegmentFactory(call=call, index=0, speaker="operator", start=0.0, end=1.0,
                          text="Назовите промокот")
    lost = SegmentFactory(call=call, index=1, speaker="customer", start=1.0, end=2.0,
                          text="Куриер опоздал")
    segment_correct(segment=kept, text="Назовите промокод", user=trainer)
    segment_correct(segment=lost, text="Курьер опоздал", user=trainer)

    def transcribe_audio(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        return [
            TranscribedSegment(speaker="operator", start=0.1, end=1.1, text="Назовите промокот",
                               confidence=0.9, words=None),
            TranscribedSegment(speaker="customer", start=1.0, end=4.0,
                               text="Куриер опоздал на час", confidence=0.9, words=None),
        ]

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", transcribe_audio)
    Call.objects.filter(pk=call.pk).update(status=Call.Status.QUEUED, queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.call_transcribe(call_id=call.pk)

    first, second = call.segments.order_by("index")
    assert (first.text, first.recognized_text, first.corrected_by) == (
        "Назовите промокод", "Назовите промокот", trainer)
    assert second.text == "Куриер опоздал на час" and not second.is_corrected
    assert SegmentCorrection.objects.not_carried_over().get().text_before == "Курьер опоздал"

    page = client_for(trainer).get(f"/calls/{call.pk}/").content.decode()
    assert "data-lost-corrections" in page and "«Курьер опоздал»" in page
    assert "Исправлений людей перенесено: 1" in page
