"""calls/transcription/engine.py: real offline transcription of the committed clips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calls.transcription import model
from calls.transcription.engine import (
    EngineOptions,
    TranscribedSegment,
    transcribe_audio,
    transcribe_samples,
)
from calls.transcription.loops import is_known_hallucination, longest_ngram_run, normalized_words

CLIPS = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


@pytest.fixture(scope="session")
def whisper() -> object:
    """Load the model once for the session; get_model() hands out the same copy afterwards."""
    return model.get_model()


def text_of(segments: list[TranscribedSegment], speaker: str) -> str:
    return " ".join(normalized_words(" ".join(s.text for s in segments if s.speaker == speaker)))


@pytest.mark.slow
def test_stereo_dialog_is_attributed_by_channel(whisper: object) -> None:
    segments = transcribe_audio(CLIPS / "dialog_stereo.ogg", speakers=["operator", "customer"])

    operator, customer = text_of(segments, "operator"), text_of(segments, "customer")
    # espeak-ng's robotic Russian is hard for the base model; these words come through reliably.
    assert "доставк" in operator
    assert "помоч" in operator
    assert "спасибо" in customer
    assert "доставк" not in customer
    assert "спасибо" not in operator
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert segments[0].speaker == "operator"
    # The customer's first turn starts after the operator's greeting (about 3.3 s).
    assert min(s.start for s in segments if s.speaker == "customer") > 3.0
    for segment in segments:
        assert 0.0 <= segment.start < segment.end <= 13.5
        assert segment.confidence is not None and 0.0 <= segment.confidence <= 1.0
        # Word times are on by default: they split glued turns and time the tag evidence.
        assert segment.words and all(type(w["start"]) is float for w in segment.words)


@pytest.mark.slow
def test_long_quiet_tail_yields_no_invented_text(whisper: object) -> None:
    segments = transcribe_audio(CLIPS / "silence_tail.ogg", speakers=["customer"])

    words = normalized_words(" ".join(s.text for s in segments))
    # «Алло, вы меня слышите?» is four words and ends at about 2 s; the 20 s after it are noise.
    # (The base model mishears espeak-ng's voice, so only the amount of text is checked.)
    assert 1 <= len(words) <= 8
    assert all(s.end < 3.5 for s in segments)
    assert not any(is_known_hallucination(s.text) for s in segments)


@pytest.mark.slow
def test_pure_noise_yields_nothing(whisper: object) -> None:
    noise = np.random.default_rng(0).normal(0, 0.002, 20 * 16000).astype(np.float32)

    assert transcribe_samples(noise, EngineOptions.from_settings()) == []


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [0, 8])
def test_monologue_has_no_repetition_loop(whisper: object, batch_size: int) -> None:
    options = EngineOptions.from_settings(batch_size=batch_size)
    segments = transcribe_audio(CLIPS / "operator_mono.ogg", speakers=["operator"], options=options)

    words = normalized_words(" ".join(s.text for s in segments))
    assert len(words) >= 20
    assert longest_ngram_run(words) <= 2
    assert {"спасибо", "помочь"} <= set(words)


@pytest.mark.slow
def test_word_timestamps_when_asked(whisper: object) -> None:
    options = EngineOptions.from_settings(word_timestamps=True)
    segments = transcribe_audio(CLIPS / "silence_tail.ogg", speakers=["customer"], options=options)

    words = [w for s in segments for w in s.words or []]
    assert words
    assert all(set(w) == {"start", "end", "word", "probability"} for w in words)
    assert all(s.start <= w["start"] <= w["end"] <= s.end + 0.01 for s in segments for w in s.words)


def test_speaker_count_must_match_channels(whisper: object) -> None:
    with pytest.raises(ValueError, match="2 channel"):
        transcribe_audio(CLIPS / "dialog_stereo.ogg", speakers=["operator"])


@pytest.mark.slow
def test_demo_dialog_words_and_turns_come_out(whisper: object) -> None:
    """A committed demo call (Festival voices, which Whisper base hears well)."""
    demo = Path(__file__).resolve().parents[3] / "calls" / "demo" / "audio" / "demo-001.ogg"
    segments = transcribe_audio(demo, speakers=["operator", "customer"])

    operator, customer = text_of(segments, "operator"), text_of(segments, "customer")
    assert {"здравствуйте", "доставки", "заказа", "завтра"} <= set(operator.split())
    assert {"холодильник", "спасибо", "свидания"} <= set(customer.split())
    # Turns stay turns: the customer's reply to «номер заказа» starts after the question.
    question = next(s for s in segments if "номер" in s.text.lower())
    reply = next(s for s in segments if s.speaker == "customer" and s.start > question.start)
    assert question.end <= reply.start + 0.5
    assert all(s.end - s.start < 12 for s in segments)


def test_split_at_pauses_cuts_where_the_speaker_paused() -> None:
    from calls.transcription.engine import RawSegment, split_at_pauses

    words = [
        {"start": 0.0, "end": 0.4, "word": "Хорошо,", "probability": 0.9},
        {"start": 0.5, "end": 0.9, "word": "что", "probability": 0.9},
        {"start": 0.9, "end": 1.3, "word": "-нибудь", "probability": 0.9},
        {"start": 9.0, "end": 9.5, "word": "Спасибо.", "probability": 0.8},
    ]
    segment = RawSegment(start=0.0, end=9.5, text="…", avg_logprob=-0.2, no_speech_prob=0.0,
                         words=words)
    parts = split_at_pauses(segment, min_pause=1.0)
    assert [(p.start, p.end, p.text) for p in parts] == [
        (0.0, 1.3, "Хорошо, что-нибудь"), (9.0, 9.5, "Спасибо."),
    ]
    assert split_at_pauses(segment, min_pause=10.0) == [segment]


@pytest.mark.slow
def test_joined_channels_give_each_phrase_back_to_its_channel(whisper: object) -> None:
    options = EngineOptions.from_settings(batch_size=8, join_channels=True)
    segments = transcribe_audio(CLIPS / "dialog_stereo.ogg", speakers=["operator", "customer"],
                                options=options)
    assert "доставк" in text_of(segments, "operator")
    assert "доставк" not in text_of(segments, "customer")
    assert all(0.0 <= s.start < s.end <= 13.5 for s in segments)
