"""Taking recordings in: validate, de-duplicate, store, queue for transcription."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.audio import probe_audio
from calls.errors import AudioRejected, MetadataRejected
from calls.models import Call, CallStatusChange, Line, Operator, RejectedUpload, Speaker
from calls.pipeline import call_queue_transcription
from calls.privacy import customer_key, mask_phone

logger = logging.getLogger(__name__)

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class CallMetadata:
    external_id: str = ""
    line: str = ""
    direction: str = Call.Direction.INBOUND
    started_at: datetime | None = None
    operator: str = ""
    customer_phone: str = ""
    outcome: str = Call.Outcome.UNKNOWN
    mono_speaker: str = Speaker.UNKNOWN


@dataclass(frozen=True)
class IngestResult:
    call: Call
    created: bool


@dataclass(frozen=True)
class _StagedFile:
    path: Path
    size: int
    checksum: str


@contextmanager
def _staged(source: IO[bytes] | Path, *, max_bytes: int) -> Iterator[_StagedFile]:
    """Copy the upload to a temporary file, hashing it on the way and stopping at the size limit."""
    fd, name = tempfile.mkstemp(prefix="slyshu-upload-")
    path = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            reader = source.open("rb") if isinstance(source, Path) else source
            try:
                if hasattr(reader, "seek"):
                    reader.seek(0)
                while chunk := reader.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise AudioRejected(
                            _("Файл больше допустимого размера (%(mb).0f МБ).")
                            % {"mb": max_bytes / 1024 / 1024}
                        )
                    digest.update(chunk)
                    out.write(chunk)
            finally:
                if isinstance(source, Path):
                    reader.close()
        yield _StagedFile(path=path, size=size, checksum=digest.hexdigest())
    finally:
        path.unlink(missing_ok=True)


def _existing(*, external_id: str, checksum: str | None) -> Call | None:
    if external_id:
        found = Call.objects.filter(external_id=external_id).first()
        if found is not None:
            return found
    if checksum:
        return Call.objects.filter(checksum=checksum).first()
    return None


def operator_for_code(code: str) -> Operator | None:
    """The operator the telephony knows by this code; an unknown code creates one to fill in."""
    code = code.strip()
    if not code:
        return None
    operator, _created = Operator.objects.get_or_create(code=code, defaults={"display_name": code})
    return operator


def line_for_code(code: str) -> Line | None:
    code = code.strip()
    if not code:
        return None
    line, _created = Line.objects.get_or_create(code=code, defaults={"name": code})
    return line


def record_rejection(
    *, source: str, reason: str, external_id: str = "", filename: str = "", size: int | None = None,
    checksum: str = "",
) -> RejectedUpload:
    logger.info("Rejected %s (%s): %s", filename or external_id, source, reason)
    return RejectedUpload.objects.create(
        source=source, external_id=external_id[:200], filename=filename[:500], size=size,
        checksum=checksum, reason=reason,
    )


def _check_choices(metadata: CallMetadata) -> None:
    """Manifests and forms are typed by people: a value outside its list is refused, not stored."""
    for field, value, choices in (
        ("direction", metadata.direction, Call.Direction.values),
        ("outcome", metadata.outcome, Call.Outcome.values),
        ("mono_speaker", metadata.mono_speaker, Speaker.values),
    ):
        if value not in choices:
            raise MetadataRejected(
                _("Недопустимое значение %(field)s=%(value)r; допустимы: %(choices)s.")
                % {"field": field, "value": value, "choices": ", ".join(choices)}
            )


def call_ingest_audio(
    *, audio: IO[bytes] | Path, filename: str, metadata: CallMetadata, source: str
) -> IngestResult:
    """Accept one recording: a second upload of the same call returns the call already stored.

    Raises AudioRejected or MetadataRejected (and records the rejection) when the file is not a
    usable recording or its metadata is out of range.
    """
    external_id = metadata.external_id.strip()
    try:
        _check_choices(metadata)
        with _staged(audio, max_bytes=settings.AUDIO_MAX_BYTES) as staged:
            existing = _existing(external_id=external_id, checksum=staged.checksum)
            if existing is not None:
                return IngestResult(call=existing, created=False)
            info = probe_audio(staged.path)
            return _store_call(
                staged=staged, filename=filename, metadata=metadata, source=source,
                external_id=external_id or f"sha256:{staged.checksum[:32]}",
                duration=info.duration, channels=info.channels, sample_rate=info.sample_rate,
                codec=info.codec, container=info.container,
            )
    except (AudioRejected, MetadataRejected) as error:
        record_rejection(
            source=source, reason=error.message, external_id=external_id, filename=filename,
        )
        raise


def _store_call(
    *, staged: _StagedFile, filename: str, metadata: CallMetadata, source: str, external_id: str,
    duration: float, channels: int, sample_rate: int, codec: str, container: str,
) -> IngestResult:
    suffix = Path(filename).suffix.lower()[:10] or ".audio"
    try:
        with transaction.atomic():
            call = Call(
                external_id=external_id,
                line=line_for_code(metadata.line),
                direction=metadata.direction,
                started_at=metadata.started_at or timezone.now(),
                duration=round(duration, 3),
                operator=operator_for_code(metadata.operator),
                customer_key=customer_key(metadata.customer_phone),
                customer_phone_masked=mask_phone(metadata.customer_phone),
                outcome=metadata.outcome,
                mono_speaker=metadata.mono_speaker,
                audio_format=container,
                audio_codec=codec,
                sample_rate=sample_rate,
                channel_layout=(
                    Call.ChannelLayout.STEREO if channels == 2 else Call.ChannelLayout.MONO
                ),
                checksum=staged.checksum,
                source=source,
                status=Call.Status.RECEIVED,
            )
            with staged.path.open("rb") as handle:
                call.audio.save(f"{staged.checksum[:16]}{suffix}", File(handle), save=False)
            call.save()
            CallStatusChange.objects.create(call=call, status=Call.Status.RECEIVED)
            call_queue_transcription(call=call)
    except IntegrityError:
        # Another request stored the same call between our check and our insert.
        if call.audio:
            call.audio.delete(save=False)
        existing = _existing(external_id=external_id, checksum=staged.checksum)
        if existing is None:
            raise
        return IngestResult(call=existing, created=False)
    return IngestResult(call=call, created=True)


