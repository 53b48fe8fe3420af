"""calls.audio: a refusal a person reads is Russian; FFmpeg's English reason goes to the log."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from calls.audio import probe_audio
from calls.errors import AudioRejected
from tests.audio_samples import encode, write_wav

# Two Latin words in a row is an English phrase (FFmpeg's "Invalid data found when processing
# input", DRF's "Datetime has wrong format"); field names like started_at are single words.
ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}[\s,:;]+[A-Za-z]{2,}")


def assert_russian(message: str) -> None:
    assert message
    assert not ENGLISH_PHRASE.search(message), message
    assert "datetime" not in message.lower(), message
    assert re.search(r"[а-яё]{3,}", message, re.I), message


def _corrupt_mp3(tmp: Path) -> Path:
    good = encode(tmp / "c.mp3", codec="mp3", seconds=3).read_bytes()
    path = tmp / "corrupt.mp3"
    path.write_bytes((good[:400] + bytes(range(256)) * 40 + good[400:])[:2000])
    return path


def _cut_flac(tmp: Path) -> Path:
    path = tmp / "cut.flac"
    path.write_bytes(encode(tmp / "c.flac", codec="flac", seconds=3).read_bytes()[:900])
    return path


def _text(tmp: Path) -> Path:
    path = tmp / "notes.wav"
    path.write_bytes(b"this is a text file, not audio\n" * 20)
    return path


def _garbage_wav_header(tmp: Path) -> Path:
    path = tmp / "broken.wav"
    path.write_bytes(b"RIFF....WAVEfmt garbage")
    return path


def _truncated_wav(tmp: Path) -> Path:
    data = write_wav(tmp / "whole.wav", 2.0).read_bytes()
    path = tmp / "truncated.wav"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize(
    "make", [_corrupt_mp3, _cut_flac, _text, _garbage_wav_header, _truncated_wav],
    ids=["corrupt-mp3", "cut-flac", "text", "garbage-wav", "truncated-wav"],
)
def test_refusals_of_broken_files_are_russian_only(
    tmp_path: Path, make: Callable[[Path], Path], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="calls.audio"), pytest.raises(AudioRejected) as info:
        probe_audio(make(tmp_path))

    assert_russian(info.value.message)


def test_ffmpegs_own_reason_is_kept_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="calls.audio"), pytest.raises(AudioRejected) as info:
        probe_audio(_text(tmp_path))

    assert info.value.message == "Это не аудиофайл или его формат не поддерживается."
    assert any("notes.wav" in record.getMessage() and ENGLISH_PHRASE.search(record.getMessage())
               for record in caplog.records), caplog.text
