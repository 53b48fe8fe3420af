"""Checking that an uploaded file is a whole, usable call recording, and decoding it for ASR."""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from pathlib import Path

import av
import av.logging
import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from calls.errors import AudioRejected
from project.russian import format_count, plural

logger = logging.getLogger(__name__)

MAX_CHANNELS = 2
# A stream that decodes this much shorter than its header promises was cut off. The slack covers
# encoder priming and padding, which differ between the header and the decoded samples.
_TRUNCATION_SLACK_SECONDS = 0.25
_TRUNCATION_SLACK_RATIO = 0.01


@dataclass(frozen=True)
class AudioInfo:
    duration: float
    channels: int
    sample_rate: int
    codec: str
    container: str


# Unknown-length placeholders that streaming WAV writers leave in the data chunk size.
_WAV_UNKNOWN_SIZES = (0, 0xFFFFFFFF)


def _megabytes(size: float) -> str:
    return f"{size / (1024 * 1024):g}"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g}"


def _header_duration(
    container: av.container.InputContainer, stream: av.AudioStream
) -> float | None:
    """The duration the file claims; None when it claims nothing (e.g. Ogg, raw streams)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r")
    except av.FFmpegError as exc:
        raise _rejected(
            _("Это не аудиофайл или его формат не поддерживается."), path=path, reason=_reason(exc)
        ) from exc


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _damaged(path: Path, reason: str) -> AudioRejected:
    return _rejected(
        _("Запись обрывается или повреждена: её не удаётся декодировать до конца."),
        path=path, reason=reason,
    )


def _rejected(message: str, *, path: Path, reason: str) -> AudioRejected:
    # FFmpeg's reason is English and technical: it goes to the log for whoever investigates,
    # and the person who sent the file reads only the Russian message.
    logger.info("Audio refused (%s): %s", path.name, reason)
    return AudioRejected(message)


def _wav_missing_bytes(path: Path) -> int:
    """How many bytes of the WAV data chunk the file lacks; FFmpeg quietly trims it to the file."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        if fh.read(12)[8:12] != b"WAVE":
            return 0
        while True:
            header = fh.read(8)
            if len(header) < 8:
                return 0
            chunk_id, chunk_size = header[:4], struct.unpack("<I", header[4:])[0]
            if chunk_id == b"data":
                if chunk_size in _WAV_UNKNOWN_SIZES:
                    return 0
                return max(0, fh.tell() + chunk_size - size)
            fh.seek(chunk_size + (chunk_size & 1), 1)


def _decode_errors(logs: list[tuple[int, str, str]]) -> list[str]:
    return [message.strip() for level, _name, message in logs if level <= av.logging.ERROR]


def _enable_error_log() -> None:
    # PyAV leaves FFmpeg's log to FFmpeg (stderr) until a level is set; Capture needs it routed
    # through Python. Errors only, and a level someone already chose is kept.
    if av.logging.get_level() is None:
        av.logging.set_level(av.logging.ERROR)


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise AudioRejected(_("Файл пуст"))
    if size > settings.AUDIO_MAX_BYTES:
        raise AudioRejected(
            _("Файл больше допустимого размера (%(limit)s МБ)")
            % {"limit": _megabytes(settings.AUDIO_MAX_BYTES)}
        )


def _too_long() -> AudioRejected:
    return AudioRejected(
        _("Запись длиннее допустимого (%(limit)s мин)")
        % {"limit": _minutes(settings.AUDIO_MAX_SECONDS)}
    )


def probe_audio(path: Path) -> AudioInfo:
    """Decode the whole file once and describe it, or raise AudioRejected saying what is wrong."""
    path = Path(path)
    _check_size(path)
    max_seconds = float(settings.AUDIO_MAX_SECONDS)
    with _open(path) as container:
        if not container.streams.audio:
            raise AudioRejected(_("Это не аудиофайл: в нём нет звуковой дорожки"))
        if any(not stream.disposition & av.stream.Disposition.attached_pic
               for stream in container.streams.video):
            # A cover picture in an MP3 or M4A is fine; moving pictures mean a video, not a call.
            raise AudioRejected(_("Это не аудиозапись звонка: в файле есть видеодорожка"))
        stream = container.streams.audio[0]
        codec = stream.codec_context
        if codec is None:
            # FFmpeg has no decoder for it, e.g. a WAV with an unknown format tag.
            raise AudioRejected(
                _("Звук в файле записан в неизвестном формате, его не удаётся декодировать")
            )
        channels = codec.channels
        if channels > MAX_CHANNELS:
            raise AudioRejected(
                _("В записи %(count)s; поддерживаются только моно и стерео")
                % {"count": plural(channels, "канал,канала,каналов")}
            )
        claimed = _header_duration(container, stream)
        # Reject on the header alone, so a 10-hour file is not decoded just to say no.
        if claimed is not None and claimed > max_seconds:
            raise _too_long()

        if container.format.name == "wav" and _wav_missing_bytes(path):
            raise AudioRejected(_("Запись обрывается: файл короче, чем указано в его заголовке"))

        samples = 0
        sample_rate = codec.sample_rate or 0
        # Decoders skip a damaged frame with only a log line, so the log lines are the evidence.
        _enable_error_log()
        try:
            with av.logging.Capture(local=True) as logs:
                for frame in container.decode(stream):
                    samples += frame.samples
                    sample_rate = frame.sample_rate or sample_rate
                    if sample_rate and samples / sample_rate > max_seconds:
                        raise _too_long()
        except av.FFmpegError as exc:
            raise _damaged(path, _reason(exc)) from exc
        errors = _decode_errors(logs)
        if errors:
            raise _damaged(path, "; ".join(errors[:3]))

        if samples == 0 or not sample_rate:
            raise AudioRejected(_("Нулевая длительность: в файле нет звука"))
        duration = samples / sample_rate
        if claimed is not None:
            slack = max(_TRUNCATION_SLACK_SECONDS, claimed * _TRUNCATION_SLACK_RATIO)
            if duration < claimed - slack:
                raise AudioRejected(
                    _(
                        "Запись обрывается или повреждена: звука %(decoded)s с "
                        "из заявленных %(claimed)s с"
                    )
                    % {"decoded": format_count(round(duration, 1)),
                       "claimed": format_count(round(claimed, 1))}
                )
        if duration < settings.AUDIO_MIN_SECONDS:
            raise AudioRejected(
                _("Запись короче допустимого (%(limit)g с)")
                % {"limit": settings.AUDIO_MIN_SECONDS}
            )
        return AudioInfo(
            duration=duration,
            channels=channels,
            sample_rate=sample_rate,
            codec=codec.name,
            container=container.format.name,
        )


def source_sample_rate(path: Path) -> int | None:
    """The sample rate the file was recorded at, from its header (nothing is decoded)."""
    with _open(Path(path)) as container:
        if not container.streams.audio:
            return None
        return container.streams.audio[0].rate or None


def decode_channels(path: Path, *, sample_rate: int = 16000) -> list[np.ndarray]:
    """Each channel as its own float32 mono array at sample_rate, e.g. operator and customer."""
    with _open(Path(path)) as container:
        if not container.streams.audio:
            raise AudioRejected(_("Это не аудиофайл: в нём нет звуковой дорожки"))
        stream = container.streams.audio[0]
        resampler: av.AudioResampler | None = None
        chunks: list[np.ndarray] = []
        try:
            for frame in container.decode(stream):
                if resampler is None:
                    # Planar output keeps the channels apart; the original layout keeps them all.
                    resampler = av.AudioResampler(
                        format="fltp", layout=frame.layout, rate=sample_rate
                    )
                chunks.extend(out.to_ndarray() for out in resampler.resample(frame))
            if resampler is not None:
                chunks.extend(out.to_ndarray() for out in resampler.resample(None))
        except av.FFmpegError as exc:
            raise _damaged(Path(path), _reason(exc)) from exc
    if not chunks:
        raise AudioRejected(_("Нулевая длительность: в файле нет звука"))
    audio = np.concatenate(chunks, axis=1).astype(np.float32, copy=False)
    return [np.ascontiguousarray(channel) for channel in audio]
