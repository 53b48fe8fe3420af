"""Synthesized speech with known properties for the voice tests: espeak-ng's Russian at a chosen
pitch, rate and volume, laid out on one or two channels with silences where the test wants them.
No shared data: everything is made here, in a fraction of a second."""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

RATE = 16000

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


def say(text: str, *, pitch: int = 50, speed: int = 160, gain: float = 1.0) -> np.ndarray:
    """The text spoken by espeak-ng (pitch 0-99, speed in words per minute), at 16 kHz."""
    wav = subprocess.run(
        ["espeak-ng", "-v", "ru", "-p", str(pitch), "-s", str(speed), "--stdout", text],
        check=True,
        capture_output=True,
    ).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    samples = pcm.astype(np.float32) / 32768
    times = np.arange(int(len(samples) * RATE / rate)) / RATE
    return (np.interp(times, np.arange(len(samples)) / rate, samples) * gain).astype(np.float32)


def tone(hz: float, seconds: float, *, to_hz: float | None = None, gain: float = 0.3) -> np.ndarray:
    """A harmonic tone (three partials, like a voiced vowel), gliding to to_hz if given."""
    times = np.arange(int(seconds * RATE)) / RATE
    frequency = np.linspace(hz, to_hz or hz, times.size)
    phase = 2 * np.pi * np.cumsum(frequency) / RATE
    wave_ = sum(np.sin(k * phase) / k for k in (1, 2, 3))
    return (gain * wave_ / 1.84).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def place(length_s: float, pieces: Sequence[tuple[float, np.ndarray]]) -> np.ndarray:
    """A channel of length_s seconds with each (start second, samples) piece laid in."""
    channel = silence(length_s)
    for start, samples in pieces:
        offset = int(start * RATE)
        channel[offset : offset + samples.size] += samples[: channel.size - offset]
    return channel


def write_wav(path: Path, channels: Sequence[np.ndarray]) -> Path:
    """16-bit PCM WAV, one or two channels of equal length."""
    frames = np.stack([np.clip(c, -1, 1) for c in channels], axis=1)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(len(channels))
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes((frames * 32767).astype("<i2").tobytes())
    return path


def seconds(samples: np.ndarray) -> float:
    return samples.size / RATE
