"""Small audio files made at test time, so the repository carries only a few real clips."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np

# Samples per frame each encoder expects; PyAV refuses other sizes for these codecs.
_FRAME_SIZE = {"libopus": 960, "libmp3lame": 1152, "mp3": 1152}


def tone(seconds: float, *, rate: int = 8000, channels: int = 1, freq: float = 300.0) -> np.ndarray:
    """int16 samples shaped (channels, frames): a pitch per channel, and a little noise."""
    t = np.arange(int(seconds * rate)) / rate
    rng = np.random.default_rng(0)
    rows = [
        0.3 * np.sin(2 * np.pi * (freq + 400 * c) * t) + 0.01 * rng.standard_normal(t.size)
        for c in range(channels)
    ]
    return (np.stack(rows) * 32767).astype(np.int16)


def write_wav(path: Path, seconds: float = 1.0, *, rate: int = 8000, channels: int = 1,
              freq: float = 300.0) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(tone(seconds, rate=rate, channels=channels, freq=freq).T.tobytes())
    return path


def encode(path: Path, codec: str, *, seconds: float = 1.0, rate: int = 8000,
           channels: int = 1) -> Path:
    """Encode a tone with PyAV; the container follows the file's extension."""
    layout = {1: "mono", 2: "stereo"}[channels]
    samples = tone(seconds, rate=rate, channels=channels)
    step = _FRAME_SIZE.get(codec, 1024)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        for start in range(0, samples.shape[1], step):
            # Packed s16 is one row of interleaved samples; the encoder converts as it needs.
            chunk = np.ascontiguousarray(samples[:, start : start + step].T).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout=layout)
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
