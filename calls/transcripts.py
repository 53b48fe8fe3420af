"""Calls transcribed elsewhere: validate a transcript record and store it for analysis."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from calls.contacts.links import contact_link_on_commit
from calls.errors import MetadataRejected, TranscriptRejected
from calls.ingestion import (
    IngestResult,
    check_identifiers,
    check_known_codes,
    check_phone,
    check_started_at,
    line_for_code,
    operator_for_code,
    record_rejection,
)
from calls.models import Call, CallStatusChange, Segment, Speaker
from calls.pipeline import call_queue_analysis
from calls.privacy import customer_key, mask_phone
from calls.redaction.storage import redact_segments, redactions_record

_SPEAKERS = {Speaker.OPERATOR.value, Speaker.CUSTOMER.value, Speaker.UNKNOWN.value}


@dataclass(frozen=True)
class _SegmentRecord:
    speaker: str
    start: float
    end: float
    text: str


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise TranscriptRejected(_("Поле «%(key)s» должно быть строкой.") % {"key": key})
    return str(value).strip()


def _started_at(record: dict[str, Any]) -> datetime:
    raw = record.get("started_at")
    if raw in (None, ""):
        return timezone.now()
    try:
        parsed = parse_datetime(str(raw)) if isinstance(raw, str) else None
    except ValueError:
        # Well formed but impossible, such as month 13.
        parsed = None
    if parsed is None:
        raise TranscriptRejected(
            _("Поле «started_at» не похоже на дату и время ISO 8601: %(value)r") % {"value": raw}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    check_started_at(parsed)
    return parsed


def _number(value: Any, *, field: str, index: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value < 0:
        raise TranscriptRejected(
            _("Реплика %(index)d: «%(field)s» должно быть неотрицательным числом секунд.")
            % {"index": index, "field": field}
        )
    if value > settings.AUDIO_MAX_SECONDS:
        raise TranscriptRejected(
            _("Реплика %(index)d: «%(field)s» = %(value)g с — дольше самого длинного звонка "
              "(%(limit)g с).")
            % {"index": index, "field": field, "value": value,
               "limit": settings.AUDIO_MAX_SECONDS}
        )
    return float(value)


def _segments(record: dict[str, Any]) -> list[_SegmentRecord]:
    raw = record.get("segments")
    if not isinstance(raw, list) or not raw:
        raise TranscriptRejected(_("Нет реплик: поле «segments» должно быть непустым списком."))
    if len(raw) > settings.TRANSCRIPT_MAX_SEGMENTS:
        raise TranscriptRejected(
            _("Слишком много реплик: %(count)d, допустимо не больше %(limit)d на звонок.")
            % {"count": len(raw), "limit": settings.TRANSCRIPT_MAX_SEGMENTS}
        )
    segments = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise TranscriptRejected(
                _("Реплика %(index)d не является объектом.") % {"index": index}
            )
        speaker = item.get("speaker", Speaker.UNKNOWN.value)
        if speaker not in _SPEAKERS:
            raise TranscriptRejected(
                _("Реплика %(index)d: неизвестный говорящий %(speaker)r "
                  "(ожидается operator, customer или unknown).")
                % {"index": index, "speaker": speaker}
            )
        start = _number(item.get("start"), field="start", index=index)
        end = _number(item.get("end"), field="end", index=index)
        if end < start:
            raise TranscriptRejected(
                _("Реплика %(index)d кончается раньше, чем начинается.") % {"index": index}
            )
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise TranscriptRejected(_("Реплика %(index)d без текста.") % {"index": index})
        if len(text) > settings.SEGMENT_MAX_CHARS:
            raise TranscriptRejected(
                _("Реплика %(index)d длиннее %(limit)d символов.")
                % {"index": index, "limit": settings.SEGMENT_MAX_CHARS}
            )
        segments.append(_SegmentRecord(speaker=speaker, start=start, end=end, text=text.strip()))
    segments.sort(key=lambda segment: (segment.start, segment.end))
    return segments


def _outcome(record: dict[str, Any]) -> str:
    outcome = _text(record, "outcome") or Call.Outcome.UNKNOWN
    if outcome not in Call.Outcome.values:
        raise TranscriptRejected(
            _("Неизвестный итог %(outcome)r; допустимы: %(choices)s.")
            % {"outcome": outcome, "choices": ", ".join(Call.Outcome.values)}
        )
    return outcome


def call_import_transcript(*, record: Any, create_missing: bool = False) -> IngestResult:
    """Store one call transcribed elsewhere; it skips transcription and goes to analysis.

    Raises TranscriptRejected or MetadataRejected (and records it) on a record that cannot be
    stored as it is; unknown operator and line codes are refused unless create_missing.
    """
    external_id = ""
    try:
        if not isinstance(record, dict):
            raise TranscriptRejected(_("Запись должна быть JSON-объектом."))
        external_id = _text(record, "external_id") or _text(record, "id")
        if not external_id:
            raise TranscriptRejected(_("Нет идентификатора звонка («external_id» или «id»)."))
        check_identifiers(external_id=external_id, operator="", line="")
        existing = Call.objects.filter(external_id=external_id).first()
        if existing is not None:
            return IngestResult(call=existing, created=False)
        segments = _segments(record)
        phone = _text(record, "customer")
        check_phone(phone)
        direction = _text(record, "direction") or Call.Direction.INBOUND
        if direction not in Call.Direction.values:
            raise TranscriptRejected(_("Неизвестное направление %(value)r.") % {"value": direction})
        operator_code, line_code = _text(record, "operator"), _text(record, "line")
        check_identifiers(external_id=external_id, operator=operator_code, line=line_code)
        check_known_codes(operator=operator_code, line=line_code, create_missing=create_missing)
        fields = {
            "started_at": _started_at(record),
            "outcome": _outcome(record),
            "direction": direction,
            "customer_key": customer_key(phone),
            "customer_phone_masked": mask_phone(phone),
        }
    except (TranscriptRejected, MetadataRejected) as error:
        record_rejection(source=Call.Source.TRANSCRIPT, reason=error.message,
                         external_id=external_id)
        raise

    # Personal data spoken in the call is replaced before anything is stored (docs/redaction.md).
    redacted = redact_segments(segments)
    try:
        with transaction.atomic():
            call = Call.objects.create(
                external_id=external_id,
                line=line_for_code(line_code, create_missing=create_missing),
                operator=operator_for_code(operator_code, create_missing=create_missing),
                duration=max(segment.end for segment in segments),
                source=Call.Source.TRANSCRIPT,
                status=Call.Status.TRANSCRIBED,
                transcribed_at=timezone.now(),
                **fields,
            )
            Segment.objects.bulk_create(
                Segment(call=call, index=index, speaker=segment.speaker, start=segment.start,
                        end=segment.end, text=segment.text)
                for index, segment in enumerate(redacted.segments)
            )
            redactions_record(call_id=call.pk, spans=redacted.spans, replace=True)
            CallStatusChange.objects.create(
                call=call, status=Call.Status.TRANSCRIBED, note=_("Импорт транскрипта")
            )
            call_queue_analysis(call_id=call.pk)
            # The customer's history (calls/contacts/links.py), once the call is committed.
            contact_link_on_commit(call.pk)
    except IntegrityError:
        existing = Call.objects.filter(external_id=external_id).first()
        if existing is None:
            raise
        return IngestResult(call=existing, created=False)
    return IngestResult(call=call, created=True)
