"""Where a channel speaks: the speech map that decides which audio the recognizer decodes at all.

Two detectors. faster-whisper's bundled Silero hears wide-band speech well, but on telephone audio
(8 kHz, 300-3400 Hz, G.711) it loses whole turns: on a demo call passed through a clean μ-law
line it kept one of the customer's four turns, and on the real 8 kHz clip of the shared data it
cut the closing «Давай, я жду». The WebRTC detector was built for telephony and keeps them all
(docs/telephone.md has the figures). Both give spans in samples of the 16 kHz signal; the same
rules then merge pauses shorter than min_silence_ms, drop blips shorter than min_speech_ms, pad
each span and split spans longer than the decoder's window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

SAMPLE_RATE = 16000
Detector = Literal["silero", "webrtc"]
DETECTORS: tuple[Detector, ...] = ("silero", "webrtc")
# WebRTC judges 10, 20 or 30 ms frames; 30 ms is its steadiest.
_WEBRTC_FRAME = SAMPLE_RATE * 30 // 1000


@dataclass(frozen=True)
class SpeechSettings:
    detector: Detector = "silero"
    # Silero: speech probability above this is speech.
    threshold: float = 0.5
    # WebRTC: 0 (keeps the most) to 3 (the strictest about what is speech).
    webrtc_mode: int = 2
    min_speech_ms: int = 200
    min_silence_ms: int = 500
    pad_ms: int = 200
    # Spans longer than this are split: the decoder reads 30 s windows.
    max_speech_s: float = 30.0

    def __post_init__(self) -> None:
        if self.detector not in DETECTORS:
            raise ValueError(f"Unknown speech detector {self.detector!r}: one of {DETECTORS}.")
        if not 0 < self.threshold < 1:
            raise ValueError(f"The VAD threshold must lie between 0 and 1, not {self.threshold}.")
        if self.webrtc_mode not in (0, 1, 2, 3):
            raise ValueError(f"The WebRTC VAD mode is 0, 1, 2 or 3, not {self.webrtc_mode}.")


Span = dict[str, int]


def speech_spans(samples: np.ndarray, settings: SpeechSettings) -> list[Span]:
    """The speech of one 16 kHz channel as [{"start": sample, "end": sample}, …] in time order."""
    if settings.detector == "silero":
        return _silero(samples, settings)
    return _webrtc(samples, settings)


def _silero(samples: np.ndarray, settings: SpeechSettings) -> list[Span]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return [
        {"start": int(span["start"]), "end": int(span["end"])}
        for span in get_speech_timestamps(
            samples,
            VadOptions(
                threshold=settings.threshold,
                min_speech_duration_ms=settings.min_speech_ms,
                min_silence_duration_ms=settings.min_silence_ms,
                speech_pad_ms=settings.pad_ms,
                max_speech_duration_s=settings.max_speech_s,
            ),
        )
    ]


def _webrtc(samples: np.ndarray, settings: SpeechSettings) -> list[Span]:
    import webrtcvad

    detector = webrtcvad.Vad(settings.webrtc_mode)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    frames = len(pcm) // _WEBRTC_FRAME
    voiced = np.fromiter(
        (detector.is_speech(pcm[i * _WEBRTC_FRAME:(i + 1) * _WEBRTC_FRAME].tobytes(), SAMPLE_RATE)
         for i in range(frames)),
        dtype=bool, count=frames,
    )
    return shape_spans(voiced_runs(voiced, frame=_WEBRTC_FRAME), settings=settings,
                       length=len(samples))


def voiced_runs(voiced: np.ndarray, *, frame: int) -> list[Span]:
    """Runs of voiced frames as sample spans."""
    if not voiced.size:
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], voiced.astype(np.int8), [0]))))
    return [{"start": int(a) * frame, "end": int(b) * frame}
            for a, b in zip(edges[::2], edges[1::2], strict=True)]


def shape_spans(spans: Sequence[Span], *, settings: SpeechSettings, length: int) -> list[Span]:
    """Close short pauses, drop short blips, pad, and split what is longer than a window."""
    rate_ms = SAMPLE_RATE // 1000
    merged: list[Span] = []
    for span in spans:
        if merged and span["start"] - merged[-1]["end"] < settings.min_silence_ms * rate_ms:
            merged[-1] = {"start": merged[-1]["start"], "end": span["end"]}
        else:
            merged.append(dict(span))
    kept = [s for s in merged if s["end"] - s["start"] >= settings.min_speech_ms * rate_ms]
    pad = settings.pad_ms * rate_ms
    padded: list[Span] = []
    for span in kept:
        start, end = max(span["start"] - pad, 0), min(span["end"] + pad, length)
        if padded and start <= padded[-1]["end"]:
            padded[-1]["end"] = end
        else:
            padded.append({"start": start, "end": end})
    return split_long(padded, limit=int(settings.max_speech_s * SAMPLE_RATE))


def split_long(spans: Sequence[Span], *, limit: int) -> list[Span]:
    """Spans of at most limit samples: the decoder reads windows of that length."""
    result: list[Span] = []
    for span in spans:
        start = span["start"]
        while span["end"] - start > limit:
            result.append({"start": start, "end": start + limit})
            start += limit
        result.append({"start": start, "end": span["end"]})
    return result


def union(maps: Sequence[Sequence[Span]], *, limit: int) -> list[Span]:
    """One speech map for every channel of a call: where anyone speaks, in spans of at most
    limit samples."""
    spans = sorted((dict(s) for spans in maps for s in spans), key=lambda s: s["start"])
    result: list[Span] = []
    for span in spans:
        if result and span["start"] <= result[-1]["end"]:
            result[-1]["end"] = max(result[-1]["end"], span["end"])
        else:
            result.append(span)
    return split_long(result, limit=limit)
