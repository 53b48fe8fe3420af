"""Small audio files made at test time, so the repository carries only a few real clips."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np


def tone(seconds: float, *, rate: int = 8000, channels: int = 1, freq: float = 440.0) -> np.ndarray:
    """int16 samples shaped (frames, channels); each channel a different pitch."""
    t = np.arange(int(seconds * rate)) / rate
    columns = [0.3 * np.sin(2 * np.pi * freq * (1 + 0.5 * c) * t) for c in range(channels)]
    return (np.stack(columns, axis=1) * 32767).astype(np.int16)


def write_wav(path: Path, seconds: float = 1.0, *, rate: int = 8000, channels: int = 1,
              freq: float = 440.0) -> Path:
    samples = tone(seconds, rate=rate, channels=channels, freq=freq)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def encode(path: Path, *, codec: str, seconds: float = 1.0, rate: int = 8000,
           channels: int = 1) -> Path:
    """Encode a tone with PyAV; the container is chosen from the file's extension."""
    samples = tone(seconds, rate=rate, channels=channels)
    layout = "stereo" if channels == 2 else "mono"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        frame_size = 960 if codec == "libopus" else 1024
        for offset in range(0, len(samples), frame_size):
            chunk = samples[offset:offset + frame_size]
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout=layout)
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
