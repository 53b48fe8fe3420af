"""Silencing the redacted seconds of a stored recording.

The file is decoded in full, the samples inside each span (padded, clipped to the file) are set
to zero on every channel, and the result is encoded losslessly with the same sample rate and
channel layout: a WAV stays a WAV (PCM), anything else becomes FLAC, since re-encoding a lossy
format would degrade the whole call for a few seconds of silence. The new file is written beside
the old one and moved into place, so a reader never sees half a file; the original is kept,
outside the media folder and never served, only with REDACTION_KEEP_ORIGINAL_AUDIO.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

import av
import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call, CallStatusChange, Redaction
from calls.redaction.storage import mutes_audio
from project.russian import format_count, plural

logger = logging.getLogger(__name__)

# Word times from ASR are approximate; a little margin keeps the edges of a number inaudible.
MUTE_PAD_SECONDS = 0.25
# A recording whose muting failed is tried again by the schedule (calls/schedules.py) this many
# times in all, every MUTE_RETRY_MINUTES; after that only `redact_archive` tries it.
MUTE_MAX_ATTEMPTS = 3
MUTE_RETRY_MINUTES = 10

_WAV_CODECS = {"s16": "pcm_s16le", "s32": "pcm_s32le"}


@dataclass(frozen=True)
class MutedFile:
    container: str  # "wav" or "flac"
    codec: str
    seconds: float  # how much of the recording is silent now because of the spans


def muting_intervals(
    spans: Iterable[tuple[float, float]], *, pad: float, duration: float | None = None
) -> list[tuple[float, float]]:
    """Padded spans, clipped to [0, duration], overlapping ones merged, in order."""
    padded = sorted((max(0.0, start - pad), end + pad) for start, end in spans if end >= start)
    if duration is not None:
        padded = [(start, min(end, duration)) for start, end in padded if start < duration]
    merged: list[tuple[float, float]] = []
    for start, end in padded:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _target_format(source_container: str, sample_format: str) -> tuple[str, str, str]:
    """(container, codec, packed sample format) of the muted file."""
    # 24- and 32-bit PCM keep their depth; everything else (16-bit, decoded MP3/Opus) is 16-bit.
    packed = "s32" if sample_format.rstrip("p") == "s32" else "s16"
    if source_container == "wav":
        return "wav", _WAV_CODECS[packed], packed
    return "flac", "flac", packed


def mute_file(
    *, source: Path, target: Path, spans: Sequence[tuple[float, float]],
    pad: float = MUTE_PAD_SECONDS,
) -> MutedFile:
    """Write `source` with the spans silenced to `target` (WAV for a WAV, otherwise FLAC).

    Times count from the first decoded sample, as they do for the ASR (calls/audio.py).
    """
    with av.open(str(source), mode="r") as reader:
        stream = reader.streams.audio[0]
        container, codec, packed = _target_format(reader.format.name,
                                                   stream.codec_context.format.name)
        rate = stream.codec_context.sample_rate
        layout = stream.codec_context.layout
        resampler = av.AudioResampler(format=packed, layout=layout, rate=rate)
        intervals = [
            (round(start * rate), round(end * rate))
            for start, end in muting_intervals(spans, pad=pad)
        ]
        silent = 0
        written = 0
        with av.open(str(target), mode="w", format=container) as writer:
            out = cast(av.AudioStream, writer.add_stream(codec, rate=rate, layout=layout))
            out.codec_context.format = packed  # type: ignore[assignment]

            def write(frames: Iterable[av.AudioFrame]) -> None:
                nonlocal silent, written
                for frame in frames:
                    channels = len(frame.layout.channels)
                    samples = frame.to_ndarray().reshape(frame.samples, channels)
                    first, last = written, written + frame.samples
                    for start, end in intervals:
                        lo, hi = max(start, first), min(end, last)
                        if lo < hi:
                            samples[lo - first:hi - first, :] = 0
                            silent += hi - lo
                    muted = av.AudioFrame.from_ndarray(
                        cast(np.ndarray, np.ascontiguousarray(samples).reshape(1, -1)),
                        format=packed,
                        layout=frame.layout,
                    )
                    muted.sample_rate = rate
                    muted.pts = written
                    written = last
                    for packet in out.encode(muted):
                        writer.mux(packet)

            for frame in reader.decode(stream):
                write(resampler.resample(frame))
            write(resampler.resample(None))
            for packet in out.encode(None):
                writer.mux(packet)
    return MutedFile(container=container, codec=codec, seconds=silent / rate if rate else 0.0)


def _keep_original(call: Call, path: Path) -> None:
    """Copy the untouched recording once, to a folder the web server does not serve."""
    folder = Path(settings.REDACTION_ORIGINALS_DIR) / str(call.pk)
    if folder.exists() and any(folder.iterdir()):
        return  # the first original is the original; a later pass would copy a muted file
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, folder / path.name)


@dataclass(frozen=True)
class MuteOutcome:
    muted: int  # redactions silenced by this call
    seconds: float


def call_mute_audio(*, call_id: int) -> MuteOutcome:
    """Silence the not yet muted redactions of a call in its recording (when its line asks).

    Idempotent: a call with nothing pending is left alone. Raises on a recording that cannot be
    decoded or written; the caller records that (see call_mute_audio_or_note).
    """
    call = Call.objects.select_related("line").get(pk=call_id)
    pending = list(call.redactions.filter(muted=False).values_list("pk", "start", "end"))
    if not pending or not mutes_audio(call):
        return MuteOutcome(muted=0, seconds=0.0)
    storage = call.audio.storage
    old_name = str(call.audio.name)
    old_path = Path(storage.path(old_name))
    if settings.REDACTION_KEEP_ORIGINAL_AUDIO:
        _keep_original(call, old_path)
    descriptor, temp_name = tempfile.mkstemp(prefix=".muting-", dir=old_path.parent)
    os.close(descriptor)
    temp = Path(temp_name)
    try:
        result = mute_file(source=old_path, target=temp,
                           spans=[(start, end) for _pk, start, end in pending])
        if result.container == "wav":
            new_name = old_name
        else:
            new_name = storage.get_available_name(str(Path(old_name).with_suffix(".flac")))
        new_path = Path(storage.path(new_name))
        os.replace(temp, new_path)
    finally:
        temp.unlink(missing_ok=True)
    note = _("Персональные данные заглушены в записи: фрагментов %(count)d, %(seconds)s с") % {
        "count": len(pending), "seconds": format_count(round(result.seconds, 1)),
    }
    with transaction.atomic():
        # Conditional, like every status change: when the pipeline and the archive (or the
        # schedule) mute the same call at once, one of them wins and the other discards its file.
        won = Redaction.objects.filter(
            pk__in=[pk for pk, _start, _end in pending], muted=False
        ).update(muted=True)
        if won:
            Call.objects.filter(pk=call_id).update(
                audio=new_name, audio_format=result.container, audio_codec=result.codec,
                updated_at=timezone.now(),
            )
            CallStatusChange.objects.create(call_id=call_id, status=call.status, note=note)
    if not won:
        if new_name != old_name:
            new_path.unlink(missing_ok=True)
        logger.info("Call %s was muted by another worker meanwhile", call_id)
        return MuteOutcome(muted=0, seconds=0.0)
    if new_name != old_name:
        old_path.unlink(missing_ok=True)
    logger.info("Call %s: %d redactions muted (%.1f s)", call_id, len(pending), result.seconds)
    return MuteOutcome(muted=len(pending), seconds=result.seconds)


def call_mute_audio_or_note(*, call_id: int) -> bool:
    """call_mute_audio for the pipeline, the schedule and the archive: a failure never loses the
    transcript.

    It is logged and written to the call's status history; the recording stays withheld from
    listeners (calls.redaction.storage.audio_withheld) until a retry mutes it: the schedule tries
    MUTE_MAX_ATTEMPTS times, `redact_archive` whenever it runs.
    """
    try:
        call_mute_audio(call_id=call_id)
    except Exception as error:
        logger.exception("Muting the recording of call %s failed", call_id)
        pending = Redaction.objects.filter(call_id=call_id, muted=False)
        pending.update(mute_attempts=F("mute_attempts") + 1)
        attempts = max(pending.values_list("mute_attempts", flat=True), default=0)
        status = Call.objects.filter(pk=call_id).values_list("status", flat=True).first()
        if status is not None:
            retry = (
                _("Повтор — автоматически в течение %(minutes)s.")
                # The schedule runs every MUTE_RETRY_MINUTES and takes redactions that old.
                % {"minutes": plural(2 * MUTE_RETRY_MINUTES, "минуты,минут,минут")}
                if attempts < MUTE_MAX_ATTEMPTS
                else _("Автоматических повторов больше не будет: повторите командой "
                       "redact_archive.")
            )
            CallStatusChange.objects.create(
                call_id=call_id, status=status,
                note=_("Не удалось заглушить персональные данные в записи (%(error)s). Запись "
                       "не выдаётся, пока это не удастся. %(retry)s")
                % {"error": error, "retry": retry},
            )
        return False
    return True


@dataclass(frozen=True)
class PendingReport:
    muted: int
    failed: int


def calls_mute_pending(*, now: datetime | None = None, limit: int = 50) -> PendingReport:
    """Retry the recordings whose muting failed (the periodic task), oldest first.

    Only redactions older than MUTE_RETRY_MINUTES: a newer one may belong to a pipeline that is
    muting it right now.
    """
    now = now or timezone.now()
    waiting = (
        Redaction.objects.filter(
            muted=False, mute_attempts__lt=MUTE_MAX_ATTEMPTS,
            created_at__lt=now - timedelta(minutes=MUTE_RETRY_MINUTES),
        )
        .exclude(call__audio="")
        .filter(Q(call__line__isnull=True) | Q(call__line__redact_audio=True))
        .order_by("call_id")
        .values_list("call_id", flat=True)
        .distinct()
    )
    muted = failed = 0
    for call_id in list(waiting[:limit]):
        if call_mute_audio_or_note(call_id=call_id):
            muted += 1
        else:
            failed += 1
    return PendingReport(muted=muted, failed=failed)
