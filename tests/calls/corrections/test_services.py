"""calls/corrections/services.py: correcting, restoring, redacting, re-analysing, and what a new
transcription does with a person's corrections."""

from __future__ import annotations

import pytest
from django.utils import timezone

from calls.corrections.services import (
    CallBeingTranscribed,
    CorrectionRejected,
    corrected_moments,
    corrections_carry_over,
    segment_correct,
    segment_restore,
)
from calls.models import Call, CallTag, Redaction, Segment, SegmentCorrection
from project.roles import Role
from tests.factories import CallFactory, KeyPhraseFactory, SegmentFactory, UserFactory

pytestmark = pytest.mark.django_db

CARD = "4276 3801 2345 6787"  # Luhn-valid

WORDS = [
    {"start": 1.0, "end": 1.4, "word": "Назовите", "probability": 0.9},
    {"start": 1.5, "end": 1.9, "word": "промокот", "probability": 0.4},
]


def _segment(**fields: object) -> Segment:
    defaults: dict[str, object] = {
        "index": 0, "speaker": "operator", "start": 1.0, "end": 1.9,
        "text": "Назовите промокот", "words": WORDS,
    }
    return SegmentFactory(**{**defaults, **fields})


def test_the_first_correction_keeps_the_recognizer_text_and_every_one_is_logged() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    segment = _segment()

    result = segment_correct(segment=segment, text="Назовите  промокод ", user=trainer)
    segment_correct(segment=segment, text="Назовите промокод, пожалуйста", user=trainer)

    segment.refresh_from_db()
    assert result.changed
    assert segment.text == "Назовите промокод, пожалуйста"
    assert segment.recognized_text == "Назовите промокот"
    assert segment.recognized_words == WORDS
    assert (segment.corrected_by, segment.is_corrected) == (trainer, True)
    # Timings follow the recognizer's words, not the first correction's estimate.
    assert segment.words is not None and segment.words[0] == WORDS[0]
    log = list(SegmentCorrection.objects.order_by("at", "id")
               .values_list("action", "text_before", "text_after", "recognized_text", "user"))
    assert log == [
        ("corrected", "Назовите промокот", "Назовите промокод", "Назовите промокот", trainer.pk),
        ("corrected", "Назовите промокод", "Назовите промокод, пожалуйста", "Назовите промокот",
         trainer.pk),
    ]


def test_restore_gives_back_the_recognizer_text_and_timings() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    segment = _segment()
    segment_correct(segment=segment, text="Назовите промокод", user=trainer)

    assert segment_restore(segment=segment, user=trainer)
    assert not segment_restore(segment=segment, user=trainer)

    segment.refresh_from_db()
    assert (segment.text, segment.words, segment.is_corrected) == ("Назовите промокот", WORDS,
                                                                   False)
    assert segment.recognized_text == "" and segment.recognized_words is None
    assert list(SegmentCorrection.objects.values_list("action", flat=True)) == [
        "corrected", "restored"]


def test_typing_the_recognizer_text_back_is_a_restore_and_the_same_text_changes_nothing() -> None:
    segment = _segment()
    assert not segment_correct(segment=segment, text="Назовите промокот", user=None).changed
    segment_correct(segment=segment, text="Назовите промокод", user=None)
    segment_correct(segment=segment, text="Назовите промокот", user=None)
    segment.refresh_from_db()
    assert not segment.is_corrected
    assert list(SegmentCorrection.objects.values_list("action", flat=True)) == [
        "corrected", "restored"]


def test_empty_or_huge_text_is_refused() -> None:
    segment = _segment()
    with pytest.raises(CorrectionRejected):
        segment_correct(segment=segment, text="   ", user=None)
    with pytest.raises(CorrectionRejected):
        segment_correct(segment=segment, text="а" * 5001, user=None)


def test_a_call_being_transcribed_again_cannot_be_corrected() -> None:
    segment = _segment(call=CallFactory(status=Call.Status.QUEUED))
    with pytest.raises(CallBeingTranscribed):
        segment_correct(segment=segment, text="Назовите промокод", user=None)


def test_a_card_number_typed_in_a_correction_is_redacted_and_the_recording_waits_for_muting(
) -> None:
    segment = _segment(text="номер карты такой", words=None, speaker="customer")

    result = segment_correct(segment=segment, text=f"номер карты {CARD}", user=None)

    segment.refresh_from_db()
    assert segment.text == "номер карты [карта]"
    assert result.redacted == 1
    assert "4276" not in SegmentCorrection.objects.get().text_after
    redaction = Redaction.objects.get()
    assert (redaction.kind, redaction.segment_index, redaction.muted) == ("card", 0, False)


def test_a_correction_with_word_timings_redacts_at_words() -> None:
    segment = _segment()
    segment_correct(segment=segment, text=f"Назовите карту {CARD}", user=None)
    segment.refresh_from_db()
    assert segment.text == "Назовите карту [карта]"
    assert [w["word"] for w in segment.words or []] == ["Назовите", "карту", "[карта]"]


def test_a_correction_runs_the_analysis_again(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    phrase = KeyPhraseFactory(text="назовите промокод", speaker="operator")
    segment = _segment()
    assert not CallTag.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        segment_correct(segment=segment, text="Назовите промокод", user=None)

    assert len(callbacks) == 1
    assert CallTag.objects.filter(call=segment.call, tag=phrase.tag).exists()
    evidence = CallTag.objects.get().evidence.get()
    # The evidence is timed by the words the person left unchanged and the estimated one.
    assert (evidence.start, evidence.end) == (1.0, 1.9)

    with django_capture_on_commit_callbacks(execute=True):
        segment_restore(segment=segment, user=None)
    assert not CallTag.objects.filter(call=segment.call).exists()


# --- A new transcription ----------------------------------------------------------------------


def _retranscribe(call: Call, pieces: list[tuple[str, float, float, str]]) -> None:
    """What calls/pipeline.py's store() does, without the recognizer."""
    moments = corrected_moments(call_id=call.pk)
    call.segments.all().delete()
    for index, (speaker, start, end, text) in enumerate(pieces):
        Segment.objects.create(call=call, index=index, speaker=speaker, start=start, end=end,
                               text=text, words=None)
    corrections_carry_over(call_id=call.pk, moments=moments, now=timezone.now())


def test_a_new_transcription_keeps_corrections_of_the_same_moments_and_reports_the_rest() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    call = CallFactory()
    first = SegmentFactory(call=call, index=0, speaker="operator", start=1.0, end=2.0,
                           text="Назовите промокот")
    second = SegmentFactory(call=call, index=1, speaker="customer", start=3.0, end=4.0,
                            text="Куриер опоздал")
    segment_correct(segment=first, text="Назовите промокод", user=trainer)
    segment_correct(segment=second, text="Курьер опоздал", user=trainer)

    _retranscribe(call, [
        ("operator", 1.2, 2.1, "Назовите промокот пожалуйста"),  # the same moment
        ("customer", 3.0, 5.5, "Куриер опоздал на час"),  # cut differently
    ])

    kept, changed = call.segments.order_by("index")
    assert (kept.text, kept.recognized_text, kept.corrected_by) == (
        "Назовите промокод", "Назовите промокот пожалуйста", trainer)
    assert not changed.is_corrected and changed.text == "Куриер опоздал на час"
    lost = SegmentCorrection.objects.not_carried_over().get()
    assert (lost.segment, lost.text_before, lost.start) == (None, "Курьер опоздал", 3.0)
    assert SegmentCorrection.objects.filter(action="carried", segment=kept).exists()
    note = call.status_changes.order_by("-id").first()
    assert note is not None and "перенесено: 1" in note.note


def test_a_call_without_corrections_is_retranscribed_as_before() -> None:
    call = CallFactory()
    SegmentFactory(call=call, index=0, text="Алло")
    _retranscribe(call, [("customer", 0.0, 3.0, "Алло, здравствуйте")])
    assert not SegmentCorrection.objects.exists()
    assert not call.status_changes.exists()
