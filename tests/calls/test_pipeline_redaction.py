"""calls/pipeline.py with redaction: a card number and a phone number spoken in a call never reach
the database, the API or the call page, the recording is silenced there before the analysis, and
tagging still works on the redacted text. The ASR engine is the stand-in of test_pipeline.py with
word times, the recording a real generated WAV."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from calls import pipeline
from calls.models import Call, CallTag, Segment
from calls.transcription.engine import TranscribedSegment
from project.roles import Role
from tests.audio_samples import write_wav
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    LineFactory,
    UserFactory,
    api_client_for,
    client_for,
)

pytestmark = pytest.mark.django_db

RATE = 8000
CARD = "4276 3801 2345 6787"  # Luhn-valid
PHONE = "8 916 123 45 67"
# Any run of these digits in a stored or served text is a leak.
# Digit boundaries: a timestamp's microseconds or a checksum may hold "3801" by chance;
# the whole numbers written without spaces are looked for as they are.
LEAKS = re.compile(
    r"(?<!\d)(?:4276|3801|2345|6787|916\s?123|123\s?45\s?67)(?!\d)"
    r"|42763801|23456787|9161234567"
)


def _words(text: str, start: float, step: float = 0.3) -> list[dict]:
    return [{"word": word, "start": round(start + n * step, 3),
             "end": round(start + n * step + 0.25, 3), "probability": 0.9}
            for n, word in enumerate(text.split())]


def _piece(speaker: str, start: float, text: str) -> TranscribedSegment:
    words = _words(text, start)
    return TranscribedSegment(speaker=speaker, start=start, end=words[-1]["end"], text=text,
                              confidence=0.9, words=words)


@pytest.fixture
def queued_call(tmp_path: Path) -> Call:
    call = CallFactory(status=Call.Status.QUEUED, queued_at=timezone.now())
    wav = write_wav(tmp_path / "a.wav", 6.0, rate=RATE, channels=2)
    call.audio.save("a.wav", ContentFile(wav.read_bytes()))
    Call.objects.filter(pk=call.pk).update(audio_format="wav", audio_codec="pcm_s16le")
    return call


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def transcribe_audio(path: Path, *, speakers: list[str]) -> list[TranscribedSegment]:
        return [
            _piece(speakers[0], 0.0, "Добрый день, продиктуйте карту"),
            _piece(speakers[1], 2.0, f"Запишите {CARD}"),
            _piece(speakers[1], 4.0, f"Мой телефон {PHONE}"),
        ]

    monkeypatch.setattr("calls.transcription.engine.transcribe_audio", transcribe_audio)


def _samples(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16) \
            .reshape(-1, reader.getnchannels())


def test_spoken_card_and_phone_never_reach_the_database_or_the_pages(
    queued_call: Call, engine: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.call_transcribe(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.ANALYSED
    segments = list(Segment.objects.filter(call=queued_call).order_by("index"))
    assert "[карта]" in segments[1].text and "[телефон]" in segments[2].text
    for segment in segments:
        assert not LEAKS.search(segment.text)
        assert not LEAKS.search(" ".join(w["word"] for w in segment.words or []))
    assert sorted(queued_call.redactions.values_list("kind", flat=True)) == ["card", "phone"]
    assert all(queued_call.redactions.values_list("muted", flat=True))

    operator = queued_call.operator.user
    api = api_client_for(operator).get(reverse("api-call-detail", args=[queued_call.pk]))
    assert api.status_code == 200 and "[карта]" in api.content.decode()
    assert not LEAKS.search(api.content.decode())
    page = client_for(operator).get(reverse("calls:detail", args=[queued_call.pk]))
    html = page.content.decode()
    assert '<span class="redacted"' in html
    assert "Скрыто персональных данных: 2 (карта, телефон)" in html
    assert not LEAKS.search(re.sub(r'nonce="[^"]*"', "", html))


def test_the_recording_is_silenced_where_the_numbers_were_before_the_analysis(
    queued_call: Call, engine: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    before = _samples(Path(queued_call.audio.path))
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()
    after = _samples(Path(queued_call.audio.path))

    silent = np.flatnonzero(~after.any(axis=1))
    spans = list(queued_call.redactions.values_list("start", "end"))
    for start, end in spans:
        assert not after[round(start * RATE):round(end * RATE)].any()
    assert len(silent) < len(after)
    first_loud = round((min(s for s, _e in spans) - 0.3) * RATE)
    np.testing.assert_array_equal(after[:first_loud], before[:first_loud])
    notes = [c.note for c in queued_call.status_changes.all()]
    muted_at = next(n for n, note in enumerate(notes) if "заглушены" in note)
    statuses = [c.status for c in queued_call.status_changes.all()]
    assert statuses.index(Call.Status.ANALYSED) > muted_at  # silenced before the analysis


def test_a_line_that_keeps_audio_redacts_the_text_only(
    queued_call: Call, engine: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    queued_call.line = LineFactory(code="keeps", redact_audio=False)
    queued_call.save()
    before = Path(queued_call.audio.path).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.call_transcribe(call_id=queued_call.pk)
    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.ANALYSED
    assert Path(queued_call.audio.path).read_bytes() == before
    assert not any(LEAKS.search(s.text) for s in queued_call.segments.all())


def test_a_muting_failure_keeps_the_transcript_and_withholds_the_recording(
    queued_call: Call, engine: None, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    def broken(**kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("calls.redaction.audio.mute_file", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.call_transcribe(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    assert queued_call.status == Call.Status.ANALYSED  # analysed all the same
    assert queued_call.segments.count() == 3
    assert any("Не удалось заглушить" in c.note and "disk full" in c.note
               for c in queued_call.status_changes.all())
    operator = queued_call.operator.user
    assert client_for(operator).get(reverse("calls:audio", args=[queued_call.pk])) \
        .status_code == 404
    page = client_for(operator).get(reverse("calls:detail", args=[queued_call.pk]))
    assert "пока в ней не заглушены персональные данные" in page.content.decode()


def test_a_placeholder_is_not_a_word_phrases_match(
    queued_call: Call, engine: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    card = KeyPhraseFactory(text="карта", speaker="customer").tag
    phone = KeyPhraseFactory(text="телефон", speaker="customer").tag
    dictate = KeyPhraseFactory(text="запишите", speaker="customer").tag
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.call_transcribe(call_id=queued_call.pk)

    tags = set(CallTag.objects.filter(call=queued_call).values_list("tag__code", flat=True))
    # «Мой телефон [телефон]» is one spoken «телефон»: the placeholder adds no second one.
    assert tags == {phone.code, dictate.code}
    assert card.code not in tags
    evidence = CallTag.objects.get(call=queued_call, tag=phone).evidence.get()
    assert evidence.text == "телефон"
    assert evidence.start == pytest.approx(4.3)  # word timings still time the evidence


def test_an_admin_user_sees_no_digits_either(
    queued_call: Call, engine: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.call_transcribe(call_id=queued_call.pk)
    admin = UserFactory(username="pii-admin", role=Role.ADMIN)
    api = api_client_for(admin).get(reverse("api-call-detail", args=[queued_call.pk]))
    assert not LEAKS.search(api.content.decode())
