"""Audio validation and decoding with PyAV.

A recording is decoded in full before it is accepted: headers alone say nothing about a file cut
off mid-upload or damaged in the middle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from calls.errors import AudioRejected


@dataclass(frozen=True)
class AudioInfo:
    duration: float
    channels: int
    sample_rate: int
    codec: str
    container: str


def _reject_long(seconds: float) -> None:
    limit = settings.AUDIO_MAX_SECONDS
    if seconds > limit:
        raise AudioRejected(
            _("Запись длиннее допустимого (%(minutes).0f мин).") % {"minutes": limit / 60}
        )


def probe_audio(path: Path) -> AudioInfo:
    size = path.stat().st_size
    if size == 0:
        raise AudioRejected(_("Файл пуст."))
    if size > settings.AUDIO_MAX_BYTES:
        raise AudioRejected(
            _("Файл больше допустимого размера (%(mb).0f МБ).")
            % {"mb": settings.AUDIO_MAX_BYTES / 1024 / 1024}
        )
    try:
        container = av.open(str(path))
    except av.FFmpegError as error:
        raise AudioRejected(_("Это не аудиофайл: %(error)s") % {"error": error}) from None
    with container:
        if not container.streams.audio:
            raise AudioRejected(_("Это не аудиофайл: в нём нет звуковой дорожки."))
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels
        if channels > 2:
            raise AudioRejected(
                _("Слишком много каналов (%(n)d): ожидается моно или стерео.") % {"n": channels}
            )
        if container.duration:
            _reject_long(container.duration / av.time_base)
        samples = 0
        rate = stream.codec_context.sample_rate or 0
        try:
            for frame in container.decode(stream):
                samples += frame.samples
                rate = frame.sample_rate
        except (av.FFmpegError, ValueError) as error:
            raise AudioRejected(
                _("Запись повреждена или обрывается: %(error)s") % {"error": error}
            ) from None
        codec = stream.codec_context.name
        container_name = container.format.name
    duration = samples / rate if rate else 0.0
    if duration <= 0:
        raise AudioRejected(_("Нулевая длительность: в файле нет звука."))
    expected = (
        float(stream.duration * stream.time_base) if stream.duration and stream.time_base else None
    )
    if expected and duration < expected * 0.9 - 0.5:
        raise AudioRejected(
            _("Запись обрывается: заявлено %(expected).1f с, декодировано %(actual).1f с.")
            % {"expected": float(expected), "actual": duration}
        )
    if duration < settings.AUDIO_MIN_SECONDS:
        raise AudioRejected(_("Запись слишком короткая (%(s).2f с).") % {"s": duration})
    _reject_long(duration)
    return AudioInfo(duration=duration, channels=channels, sample_rate=rate, codec=codec,
                     container=container_name)


def decode_channels(path: Path, *, sample_rate: int = 16000) -> list[np.ndarray]:
    """float32 samples at `sample_rate`, one array per channel."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        layout = "stereo" if stream.codec_context.channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=sample_rate)
        chunks = []
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray())
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray())
    if not chunks:
        return []
    data = np.concatenate(chunks, axis=1).astype(np.float32)
    return [data[index] for index in range(data.shape[0])]
