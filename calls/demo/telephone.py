"""A recording as a contact center's telephone line would deliver it: the recipe of the telephone
test set (tests/benchmarks/bench_telephone.py, docs/telephone.md).

Real calls reach the recorder as 8 kHz speech through a 300-3400 Hz channel and a G.711 (μ-law,
A-law) or GSM codec, with line noise and levels that differ from line to line. The demo calls and
the referenced clips are clean wide-band speech; passing them through this recipe gives the same
words as a telephone would carry them, so the recognizer can be measured on both and the difference
is the telephone's. Every step is sox except the noise, which is mixed in numpy at a signal-to-noise
ratio measured on the speech itself; everything is seeded, so the same source and condition give
the same file.
"""

from __future__ import annotations

import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

Codec = Literal["ulaw", "alaw", "gsm"]
CODECS: tuple[Codec, ...] = ("ulaw", "alaw", "gsm")

TELEPHONE_RATE = 8000
# ITU-T G.712's voice band: what survives a telephone channel.
BAND = (300, 3400)
# Speech is what lies above this share of the loudest 20 ms frames' energy: the SNR is measured
# against speech, not against the silences that make up half of a channel of a dialog.
_SPEECH_FRAME = TELEPHONE_RATE // 50
_SPEECH_FLOOR_DB = -30.0

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Condition:
    """One way a line can sound. snr_db None is a quiet line; gain_db shifts the speech level, as
    a soft-spoken caller or a line with too much gain does (a hot line clips, as real ones do)."""

    name: str
    codec: Codec
    snr_db: float | None = None
    gain_db: float = 0.0


# The set's conditions: each codec at the ordinary 20 dB of line noise, μ-law (the most common)
# across noise levels and on a digital line with no noise at all (a VoIP leg: its silences are
# digital zero, where Silero lost whole turns), and the level changes a recorder sees.
CONDITIONS: tuple[Condition, ...] = (
    Condition("ulaw-no-noise", "ulaw"),
    Condition("ulaw-30dB", "ulaw", snr_db=30),
    Condition("ulaw-20dB", "ulaw", snr_db=20),
    Condition("ulaw-10dB", "ulaw", snr_db=10),
    Condition("alaw-20dB", "alaw", snr_db=20),
    Condition("gsm-20dB", "gsm", snr_db=20),
    Condition("ulaw-20dB-quiet", "ulaw", snr_db=20, gain_db=-18),
    Condition("alaw-20dB-loud", "alaw", snr_db=20, gain_db=+9),
)
CONDITIONS_BY_NAME = {condition.name: condition for condition in CONDITIONS}


def _sox(args: Sequence[str], *, stdin: bytes | None = None) -> bytes:
    # -R seeds sox's own generators and -D turns dither off: the same input, the same bytes.
    done = subprocess.run(["sox", "-R", "-D", *args], input=stdin, capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"sox {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def read_channels(source: Path) -> list[Samples]:
    """Each channel of source as float32 at 8 kHz. PyAV decodes (sox has no Opus, the demo's
    codec) and resamples, as the product does with every upload."""
    from calls.audio import decode_channels

    channels = decode_channels(source, sample_rate=TELEPHONE_RATE)
    return [np.asarray(samples, dtype=np.float32) for samples in channels]


def speech_rms(samples: Samples) -> float:
    """The RMS of the frames that carry speech (within 30 dB of the loudest ones)."""
    frames = samples[: len(samples) // _SPEECH_FRAME * _SPEECH_FRAME].reshape(-1, _SPEECH_FRAME)
    if frames.size == 0:
        return 0.0
    energy = np.mean(frames.astype(np.float64) ** 2, axis=1)
    loudest = float(np.percentile(energy, 95))
    if loudest <= 0:
        return 0.0
    voiced = energy[energy >= loudest * 10 ** (_SPEECH_FLOOR_DB / 10)]
    return float(np.sqrt(np.mean(voiced)))


def line_noise(length: int, *, seed: int) -> Samples:
    """Unit-RMS line noise: hiss whose spectrum falls with frequency (pink-ish, the sum of a white
    and an integrated component) and a little 50 Hz mains hum."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(length)
    brown = np.cumsum(rng.standard_normal(length))
    brown -= np.convolve(brown, np.ones(401) / 401, mode="same")  # no drift
    brown /= max(float(np.std(brown)), 1e-9)
    hum = np.sin(2 * np.pi * 50 * np.arange(length) / TELEPHONE_RATE)
    noise = white + 0.7 * brown + 0.3 * hum
    return (noise / np.sqrt(np.mean(noise**2))).astype(np.float32)


def degrade(channels: Sequence[Samples], condition: Condition, *, seed: int) -> list[Samples]:
    """The level change and the line noise, before the channel's band and codec."""
    gain = 10 ** (condition.gain_db / 20)
    result = []
    for index, samples in enumerate(channels):
        out = samples.astype(np.float32) * gain
        if condition.snr_db is not None:
            level = speech_rms(out)
            if level > 0:
                noise = line_noise(len(out), seed=seed * 16 + index)
                out = out + noise * level * 10 ** (-condition.snr_db / 20)
        result.append(out.astype(np.float32))
    return result


def _encode(samples: Samples, codec: Codec, *, workdir: Path) -> Samples:
    """One channel through the band filter and the codec and back to samples: what the line
    delivers."""
    pcm = np.clip(samples, -1.0, 1.0).astype("<f4").tobytes()
    source = ["-t", "f32", "-L", "-r", str(TELEPHONE_RATE), "-c", "1", "-"]
    band = ["sinc", f"{BAND[0]}-{BAND[1]}"]
    if codec == "gsm":
        encoded = workdir / "line.gsm"
        _sox([*source, str(encoded), *band], stdin=pcm)
    else:
        encoded = workdir / "line.wav"
        encoding = "u-law" if codec == "ulaw" else "a-law"
        _sox([*source, "-e", encoding, "-b", "8", str(encoded), *band], stdin=pcm)
    raw = _sox([str(encoded), "-t", "f32", "-L", "-r", str(TELEPHONE_RATE), "-"])
    decoded = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    # GSM works in 20 ms frames and may pad the last one; the line keeps the recording's length.
    if len(decoded) >= len(samples):
        return decoded[: len(samples)]
    return np.pad(decoded, (0, len(samples) - len(decoded)))


def write_telephone(
    channels: Sequence[Samples], codec: Codec, target: Path, *, workdir: Path
) -> None:
    """Store the line's channels as a recorder does: G.711 as 8-bit μ-law/A-law WAV, GSM decoded
    to 16-bit PCM WAV (sox's GSM WAV is mono only, and a PBX that records GSM stores PCM)."""
    lines = [_encode(samples, codec, workdir=workdir) for samples in channels]
    interleaved = np.stack(lines, axis=1).reshape(-1) if len(lines) > 1 else lines[0]
    source = ["-t", "f32", "-L", "-r", str(TELEPHONE_RATE), "-c", str(len(lines)), "-"]
    if codec == "gsm":
        encoding = ["-e", "signed-integer", "-b", "16"]
    else:
        encoding = ["-e", "u-law" if codec == "ulaw" else "a-law", "-b", "8"]
    # The samples are already G.711 values: re-encoding them with the same law is lossless.
    pcm = np.clip(interleaved, -1, 1).astype("<f4").tobytes()
    _sox([*source, *encoding, str(target)], stdin=pcm)


def seed_for(name: str) -> int:
    # crc32 and not hash(): str hashes change from one Python process to the next.
    return zlib.crc32(name.encode())


def telephone_version(source: Path, target: Path, condition: Condition) -> Path:
    """source as it would arrive over a telephone line in condition, written to target (.wav)."""
    channels = read_channels(source)
    degraded = degrade(channels, condition, seed=seed_for(f"{source.name}/{condition.name}"))
    with tempfile.TemporaryDirectory(prefix="slyshu-telephone-") as workdir:
        write_telephone(degraded, condition.codec, target, workdir=Path(workdir))
    return target
