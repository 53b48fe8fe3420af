"""calls.audio: every format a contact center sends is accepted, every broken file is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from calls.audio import AudioInfo, decode_channels, probe_audio
from calls.errors import AudioRejected
from tests.audio_samples import encode, write_wav

SECONDS = 2.0


def rejected(path: Path) -> str:
    with pytest.raises(AudioRejected) as info:
        probe_audio(path)
    return info.value.message


@pytest.mark.parametrize(
    ("name", "codec", "rate", "channels", "decoded_rate"),
    [
        ("pcm8k.wav", "pcm_s16le", 8000, 1, 8000),
        ("pcm16k_stereo.wav", "pcm_s16le", 16000, 2, 16000),
        ("alaw8k.wav", "pcm_alaw", 8000, 1, 8000),
        ("mulaw8k_stereo.wav", "pcm_mulaw", 8000, 2, 8000),
        ("call8k.mp3", "libmp3lame", 8000, 1, 8000),
        ("call16k_stereo.mp3", "libmp3lame", 16000, 2, 16000),
        # Opus always decodes at 48 kHz, whatever rate went in.
        ("call8k.ogg", "libopus", 8000, 1, 48000),
        ("call16k_stereo.opus", "libopus", 16000, 2, 48000),
        ("call8k.flac", "flac", 8000, 1, 8000),
        ("call16k_stereo.flac", "flac", 16000, 2, 16000),
        ("call8k.m4a", "aac", 8000, 1, 8000),
        ("call16k_stereo.m4a", "aac", 16000, 2, 16000),
    ],
)
def test_accepts_common_formats(
    tmp_path: Path, name: str, codec: str, rate: int, channels: int, decoded_rate: int
) -> None:
    path = encode(tmp_path / name, codec, rate=rate, channels=channels, seconds=SECONDS)
    info = probe_audio(path)

    assert isinstance(info, AudioInfo)
    assert info.channels == channels
    assert info.sample_rate == decoded_rate
    # Lossy codecs add a frame of priming or padding.
    assert info.duration == pytest.approx(SECONDS, abs=0.15)
    assert info.codec
    assert info.container


def test_describes_a_plain_wav(tmp_path: Path) -> None:
    info = probe_audio(write_wav(tmp_path / "call.wav", rate=8000, channels=2, seconds=3))

    assert info == AudioInfo(
        duration=3.0, channels=2, sample_rate=8000, codec="pcm_s16le", container="wav"
    )


def test_rejects_text_file(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    path.write_text("Это не звонок, а текст.\n" * 50, encoding="utf-8")

    assert rejected(path).startswith("Это не аудиофайл")


def test_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "call.mp3"
    path.write_bytes(b"")

    assert rejected(path) == "Файл пуст"


def test_rejects_header_only_wav(tmp_path: Path) -> None:
    assert rejected(write_wav(tmp_path / "empty.wav", seconds=0)).startswith("Нулевая длительность")


@pytest.mark.parametrize(
    ("name", "codec"),
    [("call.wav", "pcm_s16le"), ("call.mp3", "libmp3lame"), ("call.flac", "flac")],
)
def test_rejects_truncated_file(tmp_path: Path, name: str, codec: str) -> None:
    path = encode(tmp_path / name, codec, seconds=4)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])

    assert "обрывается" in rejected(path)


@pytest.mark.parametrize(("name", "codec"), [("call.flac", "flac"), ("call.mp3", "libmp3lame")])
def test_rejects_corrupt_bytes_in_the_middle(tmp_path: Path, name: str, codec: str) -> None:
    path = encode(tmp_path / name, codec, seconds=4)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = np.random.default_rng(1).bytes(4000)
    path.write_bytes(bytes(data))

    assert "повреждена" in rejected(path)


def test_rejects_file_over_size_limit(tmp_path: Path, settings: SettingsWrapper) -> None:
    settings.AUDIO_MAX_BYTES = 10 * 1024 * 1024
    path = tmp_path / "big.wav"
    write_wav(path, rate=16000, channels=2, seconds=200)  # 12.8 MB

    assert rejected(path) == "Файл больше допустимого размера (10 МБ)"


def test_rejects_recording_over_duration_limit(tmp_path: Path, settings: SettingsWrapper) -> None:
    settings.AUDIO_MAX_SECONDS = 60
    path = encode(tmp_path / "long.ogg", "libopus", rate=8000, seconds=61)

    assert rejected(path) == "Запись длиннее допустимого (1 мин)"


def test_rejects_header_claiming_more_than_the_file_holds(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "cut.wav", rate=8000, seconds=1)
    data = bytearray(path.read_bytes())
    claimed = 10 * 60 * 60 * 8000 * 2
    data[40:44] = claimed.to_bytes(4, "little")
    data[4:8] = (claimed + 36).to_bytes(4, "little")
    path.write_bytes(bytes(data))

    assert "обрывается" in rejected(path)


class NoDecoding:
    """An opened container that fails the test if anything is decoded from it."""

    def __init__(self, container: Any) -> None:
        self._container = container

    def __getattr__(self, name: str) -> Any:
        return getattr(self._container, name)

    def __enter__(self) -> NoDecoding:
        return self

    def __exit__(self, *exc: object) -> None:
        self._container.close()

    def decode(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a recording over the limit by its header was decoded")


def test_rejects_long_recording_by_its_header_without_decoding(
    tmp_path: Path, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AUDIO_MAX_SECONDS = 60
    path = write_wav(tmp_path / "long.wav", rate=8000, seconds=5 * 60)
    real_open = av.open
    monkeypatch.setattr(av, "open", lambda *a, **kw: NoDecoding(real_open(*a, **kw)))

    assert rejected(path) == "Запись длиннее допустимого (1 мин)"


def test_rejects_recording_under_minimum(tmp_path: Path, settings: SettingsWrapper) -> None:
    settings.AUDIO_MIN_SECONDS = 1.5

    assert rejected(write_wav(tmp_path / "blip.wav", seconds=1)).startswith("Запись короче")


def test_rejects_more_than_two_channels(tmp_path: Path) -> None:
    message = rejected(write_wav(tmp_path / "surround.wav", channels=3, seconds=SECONDS))

    assert "3\u00a0канала" in message


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[spectrum.argmax()])


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("call.wav", "pcm_alaw"),
        ("call.ogg", "libopus"),
        ("call.m4a", "aac"),
        ("call.mp3", "libmp3lame"),
    ],
)
def test_decode_channels_keeps_stereo_channels_apart(tmp_path: Path, name: str, codec: str) -> None:
    path = encode(tmp_path / name, codec, rate=8000, channels=2, seconds=SECONDS)

    left, right = decode_channels(path)

    for channel in (left, right):
        assert channel.dtype == np.float32
        assert channel.ndim == 1
        assert channel.size == pytest.approx(SECONDS * 16000, abs=0.15 * 16000)
    assert dominant_frequency(left, 16000) == pytest.approx(300, abs=5)
    assert dominant_frequency(right, 16000) == pytest.approx(700, abs=5)


def test_decode_channels_of_mono_is_one_array(tmp_path: Path) -> None:
    (samples,) = decode_channels(
        write_wav(tmp_path / "call.wav", rate=8000, seconds=SECONDS), sample_rate=16000
    )

    assert samples.size == int(SECONDS * 16000)
    assert np.abs(samples).max() == pytest.approx(0.3, abs=0.05)
