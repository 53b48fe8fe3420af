"""calls/transcription/speech.py: the speech map each detector gives, and how spans are shaped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from calls.audio import decode_channels
from calls.demo.telephone import CONDITIONS_BY_NAME, telephone_version
from calls.transcription.engine import EngineOptions
from calls.transcription.speech import (
    SAMPLE_RATE,
    SpeechSettings,
    shape_spans,
    speech_spans,
    union,
    voiced_runs,
)

CLIPS = Path(__file__).resolve().parents[2] / "fixtures" / "audio"
MS = SAMPLE_RATE // 1000


def seconds(spans: list[dict[str, int]]) -> list[tuple[float, float]]:
    return [(round(s["start"] / SAMPLE_RATE, 2), round(s["end"] / SAMPLE_RATE, 2)) for s in spans]


def test_short_pauses_are_closed_short_blips_dropped_and_spans_padded() -> None:
    settings = SpeechSettings(min_silence_ms=500, min_speech_ms=200, pad_ms=100)
    spans = [
        {"start": 1000 * MS, "end": 2000 * MS},
        {"start": 2300 * MS, "end": 3000 * MS},  # 300 ms pause: the same phrase
        {"start": 5000 * MS, "end": 5100 * MS},  # a 100 ms click
        {"start": 7000 * MS, "end": 8000 * MS},
    ]
    shaped = shape_spans(spans, settings=settings, length=10 * SAMPLE_RATE)
    assert seconds(shaped) == [(0.9, 3.1), (6.9, 8.1)]


def test_padding_stops_at_the_edges_and_overlapping_pads_join() -> None:
    settings = SpeechSettings(min_silence_ms=100, min_speech_ms=0, pad_ms=400)
    spans = [{"start": 100 * MS, "end": 900 * MS}, {"start": 1500 * MS, "end": 1900 * MS}]
    shaped = shape_spans(spans, settings=settings, length=2 * SAMPLE_RATE)
    assert seconds(shaped) == [(0.0, 2.0)]


def test_a_span_longer_than_the_window_is_split() -> None:
    settings = SpeechSettings(min_silence_ms=0, min_speech_ms=0, pad_ms=0, max_speech_s=30)
    shaped = shape_spans([{"start": 0, "end": 70 * SAMPLE_RATE}], settings=settings,
                         length=70 * SAMPLE_RATE)
    assert seconds(shaped) == [(0.0, 30.0), (30.0, 60.0), (60.0, 70.0)]


def test_voiced_frames_become_runs() -> None:
    voiced = np.array([0, 1, 1, 0, 0, 1, 0, 1], dtype=bool)
    assert voiced_runs(voiced, frame=10) == [
        {"start": 10, "end": 30}, {"start": 50, "end": 60}, {"start": 70, "end": 80}]


def test_union_is_where_anyone_speaks() -> None:
    left = [{"start": 0, "end": 10}, {"start": 40, "end": 50}]
    right = [{"start": 5, "end": 20}, {"start": 60, "end": 70}]
    assert union([left, right], limit=1000) == [
        {"start": 0, "end": 20}, {"start": 40, "end": 50}, {"start": 60, "end": 70}]


def test_digital_silence_has_no_speech_for_either_detector() -> None:
    silence = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)
    for detector in ("silero", "webrtc"):
        assert speech_spans(silence, SpeechSettings(detector=detector)) == []


@pytest.mark.parametrize("detector", ["silero", "webrtc"])
def test_each_detector_finds_the_speech_of_a_clean_clip(detector: str) -> None:
    samples = decode_channels(CLIPS / "operator_mono.ogg")[0]
    spans = speech_spans(samples, SpeechSettings(detector=detector))
    speech = sum(s["end"] - s["start"] for s in spans) / SAMPLE_RATE
    assert spans and speech > 0.5 * len(samples) / SAMPLE_RATE


def test_webrtc_keeps_every_turn_of_a_noiseless_telephone_line(tmp_path: Path) -> None:
    """The regression that chose WebRTC: through a μ-law line with digital silence between the
    turns, Silero kept one of the customer's four turns of demo-001; WebRTC keeps all four."""
    demo = Path(__file__).resolve().parents[3] / "calls" / "demo" / "audio" / "demo-001.ogg"
    line = telephone_version(demo, tmp_path / "line.wav", CONDITIONS_BY_NAME["ulaw-no-noise"])
    customer = decode_channels(line)[1]
    spans = speech_spans(customer, SpeechSettings(detector="webrtc"))
    turns = [(6.04, 12.18), (17.09, 18.97), (26.19, 29.11), (36.35, 39.42)]  # demo manifest
    for start, end in turns:
        assert any(s["start"] / SAMPLE_RATE <= start + 0.1 and s["end"] / SAMPLE_RATE >= end - 0.1
                   for s in spans), (start, end, seconds(spans))


@pytest.mark.parametrize(("field", "value"), [
    ("detector", "energy"), ("threshold", 0.0), ("threshold", 1.0), ("webrtc_mode", 5)])
def test_impossible_settings_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError):
        SpeechSettings(**{field: value})  # type: ignore[arg-type]


@override_settings(WHISPER_VAD="webrtc", WHISPER_VAD_WEBRTC_MODE=2, WHISPER_VAD_THRESHOLD=0.3,
                   WHISPER_VAD_MIN_SPEECH_MS=150, WHISPER_VAD_MIN_SILENCE_MS=400,
                   WHISPER_VAD_SPEECH_PAD_MS=250, WHISPER_VAD_SHARED_STEREO=True)
def test_the_engine_reads_the_vad_settings() -> None:
    options = EngineOptions.from_settings()
    assert options.speech == SpeechSettings(
        detector="webrtc", webrtc_mode=2, threshold=0.3, min_speech_ms=150, min_silence_ms=400,
        pad_ms=250)
    assert options.shared_speech_map is True


@override_settings(WHISPER_VAD="silero", WHISPER_VAD_TELEPHONE="webrtc")
@pytest.mark.parametrize(("rate", "detector"), [
    (8000, "webrtc"), (6000, "webrtc"), (16000, "silero"), (44100, "silero"), (None, "silero")])
def test_the_recordings_own_rate_picks_the_detector(rate: int | None, detector: str) -> None:
    assert EngineOptions.from_settings(source_rate=rate).speech.detector == detector


@override_settings(WHISPER_VAD="silero", WHISPER_VAD_TELEPHONE="webrtc")
def test_a_telephone_recording_is_decoded_over_the_telephone_detectors_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from calls.transcription import engine

    seen: list[EngineOptions] = []

    def fake(channels: list[np.ndarray], options: EngineOptions) -> list[list[object]]:
        seen.append(options)
        return [[] for _ in channels]

    monkeypatch.setattr(engine, "raw_segments_per_channel", fake)
    line = telephone_version(CLIPS / "operator_mono.ogg", tmp_path / "line.wav",
                             CONDITIONS_BY_NAME["ulaw-20dB"])
    engine.transcribe_audio(line, speakers=["operator"])
    engine.transcribe_audio(CLIPS / "operator_mono.ogg", speakers=["operator"])
    # A line's vocabulary comes on top of the telephone's settings, not instead of them.
    engine.transcribe_audio(line, speakers=["operator"], overrides={"hotwords": "промокод."})
    assert [o.speech.detector for o in seen] == ["webrtc", "silero", "webrtc"]
    assert seen[2].beam_size == seen[0].beam_size and seen[2].hotwords == "промокод."


@override_settings(WHISPER_BEAM_SIZE=1, WHISPER_BEAM_SIZE_TELEPHONE=5)
def test_a_telephone_recording_gets_the_telephone_beam() -> None:
    assert EngineOptions.from_settings(source_rate=8000).beam_size == 5
    assert EngineOptions.from_settings(source_rate=16000).beam_size == 1
    assert EngineOptions.from_settings(source_rate=8000, beam_size=2).beam_size == 2


def test_speech_is_grouped_into_windows_as_faster_whisper_groups_it() -> None:
    from faster_whisper.vad import collect_chunks

    from calls.transcription.engine import _windows

    rng = np.random.default_rng(1)
    audio = np.zeros(400 * SAMPLE_RATE, dtype=np.float32)
    for _trial in range(100):
        spans, at = [], int(rng.integers(0, SAMPLE_RATE))
        for _ in range(int(rng.integers(1, 30))):
            length = int(rng.integers(SAMPLE_RATE // 10, 30 * SAMPLE_RATE))
            if at + length > len(audio):
                break
            spans.append({"start": at, "end": at + length})
            at += length + int(rng.integers(1, 5 * SAMPLE_RATE))
        if not spans:
            continue
        _chunks, windows = collect_chunks(audio, spans, SAMPLE_RATE, 30)
        expected = [(w["offset"], w["offset"] + w["duration"]) for w in windows if w["duration"]]
        got = [(w["start"], w["end"]) for w in _windows(spans, limit=30 * SAMPLE_RATE)]
        assert np.allclose(got, expected, atol=1e-6)
