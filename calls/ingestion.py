"""Taking recordings in: validate, de-duplicate, store, queue for transcription."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.audio import probe_audio
from calls.contacts.links import contact_link_on_commit
from calls.errors import AudioRejected, MetadataRejected
from calls.file_names import clean_original_name
from calls.models import Call, CallStatusChange, Line, Operator, RejectedUpload, Speaker
from calls.pipeline import call_queue_transcription
from calls.privacy import customer_key, mask_phone, normalize_phone
from calls.roles import sees_all_calls
from project.roles import AnyUser
from project.russian import plural

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
    # The name to show when the file's own name is not it (a program's «blob», a renamed file).
    original_name: str = ""


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


# How many known codes a refusal lists; a contact center may have hundreds of operators.
KNOWN_CODES_SHOWN = 20


def may_create_missing(user: AnyUser) -> bool:
    """Whether this person may ask an upload to create the operators and lines it names.

    A created operator has no team, so only someone who can then set one up (an admin) may.
    """
    return user.has_perm("calls.add_operator") and user.has_perm("calls.add_line")


def _known_codes(model: type[Operator] | type[Line]) -> tuple[list[str], int]:
    codes = model.objects.order_by("code").values_list("code", flat=True)
    return list(codes[:KNOWN_CODES_SHOWN]), codes.count()


def _unknown_code(*, model: type[Operator] | type[Line], code: str) -> tuple[str, dict[str, Any]]:
    known, total = _known_codes(model)
    if model is Operator:
        missing = _("Оператор с кодом «%(code)s» не найден.") % {"code": code}
        listed = _("Известные коды операторов: %(codes)s.")
        empty = _("Операторов в системе пока нет.")
    else:
        missing = _("Линия с кодом «%(code)s» не найдена.") % {"code": code}
        listed = _("Известные коды линий: %(codes)s.")
        empty = _("Линий в системе пока нет.")
    if not known:
        return f"{missing} {empty}", {"code": code, "known": [], "known_total": 0}
    codes = ", ".join(known)
    if total > len(known):
        codes += " " + _("(первые %(shown)d из %(total)d)") % {"shown": len(known), "total": total}
    return (
        f"{missing} {listed % {'codes': codes}}",
        {"code": code, "known": known, "known_total": total},
    )


def check_known_codes(*, operator: str, line: str, create_missing: bool) -> None:
    """Refuse operator and line codes nobody has set up, unless asked to create them.

    A call filed under a phantom operator (no team) is invisible to the manager who uploaded it,
    and a mistyped line splits a queue in two, so an unknown code is a mistake until an admin
    says otherwise (create_missing).
    """
    if create_missing:
        return
    messages: list[str] = []
    details: dict[str, Any] = {}
    for field, model, code in (("operator", Operator, operator), ("line", Line, line)):
        code = code.strip()
        if code and not model.objects.filter(code=code).exists():
            message, details[field] = _unknown_code(model=model, code=code)
            messages.append(message)
    if messages:
        messages.append(
            _("Заведите их в администрировании или попросите администратора загрузить запись "
              "с созданием недостающих.")
        )
        raise MetadataRejected(" ".join(messages), details=details)


def check_uploader_sees_operator(*, user: AnyUser, operator: str) -> None:
    """Refuse an upload its uploader could not see afterwards.

    A call is visible through its operator's team, so a manager's upload with no operator, or
    with another team's operator, would be stored and then answer the manager with 404.
    """
    if sees_all_calls(user):
        return
    visible = Operator.objects.visible_to(user)
    code = operator.strip()
    if code and visible.filter(code=code).exists():
        return
    if code and not Operator.objects.filter(code=code).exists():
        return  # an unknown code: check_known_codes says so, with the known codes
    own = list(visible.order_by("code").values_list("code", flat=True)[:KNOWN_CODES_SHOWN])
    reason = (
        _("Оператор «%(code)s» не из ваших команд: этот звонок не попал бы в ваш список.")
        % {"code": code}
        if code else _("Укажите оператора: без него звонок не попадёт в список вашей команды.")
    )
    raise MetadataRejected(
        " ".join([reason, _("Ваши операторы: %(codes)s.") % {"codes": ", ".join(own) or "—"}]),
        details={"operator": {"code": code, "yours": own}},
    )


def operator_for_code(code: str, *, create_missing: bool = False) -> Operator | None:
    """The operator the telephony knows by this code; created (to fill in) only when asked."""
    code = code.strip()
    if not code:
        return None
    if create_missing:
        operator, _created = Operator.objects.get_or_create(
            code=code, defaults={"display_name": code}
        )
        return operator
    return Operator.objects.filter(code=code).first()


def line_for_code(code: str, *, create_missing: bool = False) -> Line | None:
    code = code.strip()
    if not code:
        return None
    if create_missing:
        line, _created = Line.objects.get_or_create(code=code, defaults={"name": code})
        return line
    return Line.objects.filter(code=code).first()


def record_rejection(
    *, source: str, reason: str, external_id: str = "", filename: str = "", size: int | None = None,
    checksum: str = "",
) -> RejectedUpload:
    logger.info("Rejected %s (%s): %s", filename or external_id, source, reason)
    return RejectedUpload.objects.create(
        source=source, external_id=external_id[:200], filename=filename[:500], size=size,
        checksum=checksum, reason=reason,
    )


# Codes end up in URLs, filters and pages: letters, digits, «-», «_» and «.» only.
_CODE = re.compile(r"^[\w.-]+$")
_EARLIEST_START = datetime(2000, 1, 1, tzinfo=UTC)


def check_started_at(started_at: datetime) -> None:
    """A start before 2000 or beyond tomorrow is a typo; stored, a year like 9999 broke every
    list on PostgreSQL (`timestamp too large`), so it is refused before it reaches the database."""
    latest = timezone.now() + timedelta(seconds=settings.CALL_STARTED_AT_FUTURE_TOLERANCE)
    if not _EARLIEST_START <= started_at <= latest:
        raise MetadataRejected(
            _("Дата начала звонка %(value)s вне допустимого диапазона: не раньше 2000-01-01 и "
              "не позже %(latest)s.")
            % {"value": started_at.isoformat(), "latest": latest.date().isoformat()},
            details={"started_at": started_at.isoformat()},
        )


def check_phone(phone: str) -> None:
    if phone and not 10 <= len(normalize_phone(phone)) <= 15:
        raise MetadataRejected(
            _("Телефон клиента %(value)r не похож на номер: нужно от 10 до 15 цифр.")
            % {"value": phone[:40]},
            details={"customer_phone": phone[:40]},
        )


def check_identifiers(*, external_id: str, operator: str, line: str) -> None:
    """Lengths match the columns, so an overlong value is refused here, not by the database."""
    if len(external_id) > 200:
        raise MetadataRejected(
            _("Внешний ID длиннее %(limit)s (%(length)d).")
            % {"limit": plural(200, "символа,символов,символов"), "length": len(external_id)},
            details={"external_id": external_id[:40]},
        )
    for field, label, code in (("operator", _("оператора"), operator), ("line", _("линии"), line)):
        if not code:
            continue
        if len(code) > 100 or not _CODE.match(code):
            raise MetadataRejected(
                _("Код %(label)s %(value)r недопустим: не длиннее 100 символов, только буквы, "
                  "цифры, «-», «_» и «.».") % {"label": label, "value": code[:40]},
                details={field: code[:40]},
            )


def check_metadata(metadata: CallMetadata) -> None:
    """The one rule for a call's details, whether they come from the API, a page or a file."""
    _check_choices(metadata)
    check_identifiers(external_id=metadata.external_id.strip(), operator=metadata.operator,
                      line=metadata.line)
    if metadata.started_at is not None:
        check_started_at(metadata.started_at)
    check_phone(metadata.customer_phone)


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
    *, audio: IO[bytes] | Path, filename: str, metadata: CallMetadata, source: str,
    create_missing: bool = False, uploader: AnyUser | None = None,
) -> IngestResult:
    """Accept one recording: a second upload of the same call returns the call already stored.

    Raises AudioRejected or MetadataRejected (and records the rejection) when the file is not a
    usable recording or its metadata is out of range; an operator or line code nobody has set up
    is refused unless create_missing (which the caller allows only to admins); an `uploader`
    (a person, not an import) must be able to see the call they upload. The call keeps
    `metadata.original_name`, else `filename`, cleaned (calls/file_names.py), as its title.
    """
    external_id = metadata.external_id.strip()
    try:
        check_metadata(metadata)
        check_known_codes(
            operator=metadata.operator, line=metadata.line, create_missing=create_missing
        )
        if uploader is not None:
            check_uploader_sees_operator(user=uploader, operator=metadata.operator)
        with _staged(audio, max_bytes=settings.AUDIO_MAX_BYTES) as staged:
            existing = _existing(external_id=external_id, checksum=staged.checksum)
            if existing is not None:
                return IngestResult(call=existing, created=False)
            info = probe_audio(staged.path)
            return _store_call(
                staged=staged, filename=filename, metadata=metadata, source=source,
                original_name=clean_original_name(metadata.original_name or filename),
                create_missing=create_missing,
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
    *, staged: _StagedFile, filename: str, metadata: CallMetadata, source: str,
    original_name: str, create_missing: bool, external_id: str,
    duration: float, channels: int, sample_rate: int, codec: str, container: str,
) -> IngestResult:
    suffix = Path(filename).suffix.lower()[:10] or ".audio"
    try:
        with transaction.atomic():
            call = Call(
                external_id=external_id,
                original_name=original_name,
                line=line_for_code(metadata.line, create_missing=create_missing),
                direction=metadata.direction,
                started_at=metadata.started_at or timezone.now(),
                duration=round(duration, 3),
                operator=operator_for_code(metadata.operator, create_missing=create_missing),
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
            # The customer's history (calls/contacts/links.py), once the call is committed.
            contact_link_on_commit(call.pk)
    except IntegrityError:
        # Another request stored the same call between our check and our insert.
        if call.audio:
            call.audio.delete(save=False)
        existing = _existing(external_id=external_id, checksum=staged.checksum)
        if existing is None:
            raise
        return IngestResult(call=existing, created=False)
    return IngestResult(call=call, created=True)


