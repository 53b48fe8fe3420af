"""What the voice does, heard from the recording: where each channel speaks, how loud, how high.

Pitch comes from Praat (praat-parselmouth): its autocorrelation pitch tracker is the phoneticians'
reference, it runs in C (30 s of speech in ~20 ms at a 20 ms step) and needs no model. librosa's
pyin is far slower and openSMILE's eGeMAPS computes 88 features where we want three. Loudness is
the RMS level of the speech in dB below full scale: a number, not DSP worth a library. Speech and
silence come from the detectors the transcription already uses (calls/transcription/speech.py:
Silero for wide-band audio, WebRTC for telephone rates), without the padding it adds for the
decoder, since here a padded span would count as speech that was not there.

Pure numpy and Praat, no Django: calls/voice/analysis.py decides which call and stores results.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from calls.transcription.speech import SAMPLE_RATE, SpeechSettings, speech_spans
from calls.voice.silences import Interval, merge

# Praat's usual limits for speech; a 20 ms step is coarse but ample for a level and a range.
PITCH_FLOOR_HZ = 75.0
PITCH_CEILING_HZ = 500.0
PITCH_STEP_S = 0.02
# Below this level (dBFS) a channel carries no voice, whatever the detector says.
SILENT_CHANNEL_DB = -60.0
# Fewer voiced frames than this (0.2 s at 20 ms) give no honest pitch.
MIN_VOICED_FRAMES = 10
# Less speech than this gives no loudness worth comparing: the level of one short word («Нет.») is
# the level of its one stressed vowel, louder than any sentence of the same voice, and made a real
# call's customer «irritated» by voice alone (docs/voice.md, the real recordings). The same floor
# as the speech rate's (measures.MIN_RATE_SECONDS).
MIN_LOUDNESS_SPEECH_S = 0.5
_FLOOR_DB = -120.0


@dataclass(frozen=True)
class VoiceMeasures:
    """One stretch of one channel: None where it could not be measured."""

    loudness_db: float | None
    pitch_hz: float | None
    pitch_range_st: float | None


def detector_settings(base: SpeechSettings) -> SpeechSettings:
    """The transcription's detector settings without the decoder's padding and window split."""
    return dataclasses.replace(base, pad_ms=0, max_speech_s=3600.0)


def channel_speech(samples: np.ndarray, settings: SpeechSettings) -> list[Interval]:
    """Where one 16 kHz channel speaks, in seconds."""
    return merge(
        (span["start"] / SAMPLE_RATE, span["end"] / SAMPLE_RATE)
        for span in speech_spans(samples, settings)
    )


def level_db(samples: np.ndarray) -> float:
    """The RMS level in dB below full scale (a full-scale sine is -3 dBFS)."""
    if not samples.size:
        return _FLOOR_DB
    rms = math.sqrt(float(np.mean(np.square(samples, dtype=np.float64))))
    return 20 * math.log10(rms) if rms > 0 else _FLOOR_DB


def measure(
    samples: np.ndarray, speech: Sequence[Interval], *, start: float, end: float
) -> VoiceMeasures:
    """Loudness and pitch of the channel's speech between start and end (seconds)."""
    pieces = [
        samples[int(max(a, start) * SAMPLE_RATE) : int(min(b, end) * SAMPLE_RATE)]
        for a, b in speech
        if b > start and a < end
    ]
    pieces = [piece for piece in pieces if piece.size]
    if not pieces:
        return VoiceMeasures(None, None, None)
    joined = np.concatenate(pieces)
    loudness = level_db(joined)
    if loudness <= SILENT_CHANNEL_DB:
        return VoiceMeasures(None, None, None)
    pitch, spread = _pitch(joined)
    if joined.size < SAMPLE_RATE * MIN_LOUDNESS_SPEECH_S:
        return VoiceMeasures(None, pitch, spread)
    return VoiceMeasures(round(loudness, 2), pitch, spread)


def _pitch(samples: np.ndarray) -> tuple[float | None, float | None]:
    """The median F0 (Hz) and the 10-90 percentile range (semitones) of the voiced frames."""
    import parselmouth

    if samples.size < SAMPLE_RATE * 3 * PITCH_STEP_S:
        return None, None
    sound = parselmouth.Sound(samples.astype(np.float64), sampling_frequency=SAMPLE_RATE)
    track = sound.to_pitch_ac(
        time_step=PITCH_STEP_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ
    )
    frequencies = track.selected_array["frequency"]
    voiced = frequencies[frequencies > 0]
    if voiced.size < MIN_VOICED_FRAMES:
        return None, None
    low, median, high = np.percentile(voiced, [10, 50, 90])
    return round(float(median), 1), round(12 * math.log2(float(high) / float(low)), 2)
