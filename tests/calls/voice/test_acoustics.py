"""calls/voice/acoustics.py on synthesized audio with known properties: louder, higher, wider,
and a 10 s silence the detector hears as one."""

from __future__ import annotations

import pytest

from calls.transcription.speech import SpeechSettings
from calls.voice.acoustics import channel_speech, detector_settings, level_db, measure
from tests.calls.voice.speech import needs_espeak, place, say, seconds, tone

PHRASE = "Здравствуйте, чем я могу вам помочь сегодня?"


def _whole(samples):  # type: ignore[no-untyped-def]
    return measure(samples, [(0.0, seconds(samples))], start=0.0, end=seconds(samples))


def test_a_harmonic_tone_has_its_pitch_and_no_range() -> None:
    voice = _whole(tone(120, 3))

    assert voice.pitch_hz == pytest.approx(120, abs=1)
    assert voice.pitch_range_st == pytest.approx(0, abs=0.2)


def test_a_glide_over_an_octave_has_a_wide_range() -> None:
    # 10th to 90th percentile of a linear 120→240 Hz glide: about 9.3 semitones.
    assert _whole(tone(120, 3, to_hz=240)).pitch_range_st == pytest.approx(9.3, abs=0.5)


def test_four_times_the_amplitude_is_twelve_db_louder() -> None:
    quiet, loud = _whole(tone(150, 2, gain=0.05)), _whole(tone(150, 2, gain=0.2))

    assert loud.loudness_db - quiet.loudness_db == pytest.approx(12.04, abs=0.1)


def test_one_short_word_has_a_pitch_but_no_loudness_to_compare() -> None:
    # 0.4 s of voice: the level of one stressed vowel, not of how the person speaks.
    short = _whole(tone(150, 0.4, gain=0.5))

    assert short.loudness_db is None
    assert short.pitch_hz == pytest.approx(150, abs=1)
    assert _whole(tone(150, 0.6, gain=0.5)).loudness_db is not None


def test_silence_is_not_measured() -> None:
    assert _whole(tone(150, 2, gain=0.0)).loudness_db is None
    assert level_db(tone(150, 1, gain=0.0)) < -100


@needs_espeak
def test_a_higher_and_louder_voice_measures_higher_and_louder() -> None:
    calm, higher = _whole(say(PHRASE, pitch=30)), _whole(say(PHRASE, pitch=85))
    louder = _whole(say(PHRASE, pitch=30, gain=2.0))

    assert higher.pitch_hz > calm.pitch_hz * 1.3
    assert louder.loudness_db - calm.loudness_db == pytest.approx(6.02, abs=0.1)
    assert louder.pitch_hz == pytest.approx(calm.pitch_hz, rel=0.02)


@needs_espeak
@pytest.mark.parametrize("detector", ["silero", "webrtc"])
def test_a_ten_second_silence_is_heard_as_one(detector: str) -> None:
    phrase = say(PHRASE)
    channel = place(20, [(1.0, phrase), (1.0 + seconds(phrase) + 10.0, phrase)])

    speech = channel_speech(channel, detector_settings(SpeechSettings(detector=detector)))  # type: ignore[arg-type]

    assert len(speech) == 2
    gap = speech[1][0] - speech[0][1]
    assert 9.5 <= gap <= 10.8
