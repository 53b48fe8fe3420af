"""Correcting a segment's text, restoring the recognizer's, and what a new transcription does
with corrections (docs/corrections.md).

A correction is stored as every transcript text is: redacted first (a person who types a card
number gets «[карта]», and the recording is muted there as for the recognizer's words). The
call's analysis (tags, objections, skills: calls/analysis.py) runs again after the commit, through
the same task as a newly transcribed call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.corrections.words import realign_words
from calls.models import Call, CallStatusChange, Segment, SegmentCorrection
from calls.pipeline import call_queue_analysis
from calls.redaction.storage import redact_segments, redactions_record
from project.errors import DomainError

# Longer than any sentence a person says in one turn; a paste of a whole document is a mistake.
MAX_TEXT_LENGTH = 5000
# A new segment is "the same moment" as a corrected old one when both ends are this close.
SAME_MOMENT_SECONDS = 0.5
# While these run, the segments are about to be replaced: a correction would race them.
_BEING_TRANSCRIBED = (Call.Status.RECEIVED, Call.Status.QUEUED, Call.Status.TRANSCRIBING)


class CorrectionRejected(DomainError):
    code = "correction_rejected"


class CallBeingTranscribed(DomainError):
    code = "call_being_transcribed"
    conflict = True


@dataclass(frozen=True)
class CorrectionResult:
    segment: Segment
    changed: bool  # False: the text was already this, nothing was recorded
    redacted: int = 0  # pieces of personal data the correction brought and the redaction hid


def segment_correct(
    *, segment: Segment, text: str, user: User | None, now: datetime | None = None
) -> CorrectionResult:
    """Replace a segment's text with a person's; the first correction keeps the recognizer's.

    Text equal to the recognizer's is a restore. Raises CorrectionRejected (empty, too long) or
    CallBeingTranscribed.
    """
    text = " ".join(text.split())
    if not text:
        raise CorrectionRejected(_("Текст реплики не может быть пустым."))
    if len(text) > MAX_TEXT_LENGTH:
        raise CorrectionRejected(
            _("Реплика длиннее %(limit)d символов: проверьте, что вставлен нужный текст.")
            % {"limit": MAX_TEXT_LENGTH}
        )
    now = now or timezone.now()
    with transaction.atomic():
        segment = _locked(segment)
        recognized = segment.recognized_text if segment.is_corrected else segment.text
        heard = segment.recognized_words if segment.is_corrected else segment.words
        words = realign_words(heard, text, start=segment.start)
        cleaned, redacted = _redacted(segment, text=text, words=words)
        if cleaned.text == segment.text:
            return CorrectionResult(segment=segment, changed=False)
        if cleaned.text == recognized:
            return CorrectionResult(segment=_restore(segment, user=user, now=now), changed=True)
        before = segment.text
        if not segment.is_corrected:
            segment.recognized_text, segment.recognized_words = segment.text, segment.words
        segment.text, segment.words = cleaned.text, cleaned.words
        segment.corrected_by, segment.corrected_at = user, now
        segment.save(update_fields=["text", "words", "recognized_text", "recognized_words",
                                    "corrected_by", "corrected_at"])
        _log(segment, SegmentCorrection.Action.CORRECTED, before=before, user=user, now=now)
        call_queue_analysis(call_id=segment.call_id)
    return CorrectionResult(segment=segment, changed=True, redacted=redacted)


def segment_restore(*, segment: Segment, user: User | None, now: datetime | None = None) -> bool:
    """Give the segment back the recognizer's text and timings; False when it was not corrected."""
    now = now or timezone.now()
    with transaction.atomic():
        segment = _locked(segment)
        if not segment.is_corrected:
            return False
        _restore(segment, user=user, now=now)
    return True


def _locked(segment: Segment) -> Segment:
    """The segment re-read under a lock, with its call's status checked."""
    locked = Segment.objects.select_for_update().select_related("call").get(pk=segment.pk)
    if locked.call.status in _BEING_TRANSCRIBED:
        raise CallBeingTranscribed(_(
            "Звонок сейчас распознаётся заново: исправьте реплику, когда распознавание "
            "закончится."
        ))
    return locked


def _restore(segment: Segment, *, user: User | None, now: datetime) -> Segment:
    before = segment.text
    segment.text, segment.words = segment.recognized_text, segment.recognized_words
    segment.recognized_text, segment.recognized_words = "", None
    segment.corrected_by, segment.corrected_at = None, None
    segment.save(update_fields=["text", "words", "recognized_text", "recognized_words",
                                "corrected_by", "corrected_at"])
    _log(segment, SegmentCorrection.Action.RESTORED, before=before, user=user, now=now,
         recognized=segment.text)
    call_queue_analysis(call_id=segment.call_id)
    return segment


def _log(
    segment: Segment, action: str, *, before: str, user: User | None, now: datetime,
    recognized: str | None = None,
) -> SegmentCorrection:
    return SegmentCorrection.objects.create(
        call_id=segment.call_id, segment=segment, segment_index=segment.index,
        speaker=segment.speaker, start=segment.start, end=segment.end, action=action,
        recognized_text=segment.recognized_text if recognized is None else recognized,
        text_before=before, text_after=segment.text, user=user, at=now,
    )


def _redacted(segment: Segment, *, text: str, words: list[dict] | None) -> tuple[Segment, int]:
    """The corrected segment as the database may keep it, and how many pieces were hidden.

    The whole call is read, as on ingest, so that a number the person completed across two
    turns is found too; only this segment is rewritten (the others were redacted when stored).
    """
    segments = list(Segment.objects.filter(call_id=segment.call_id).order_by("index"))
    position = next(n for n, other in enumerate(segments) if other.pk == segment.pk)
    corrected = Segment(pk=segment.pk, call_id=segment.call_id, index=segment.index,
                        speaker=segment.speaker, start=segment.start, end=segment.end,
                        text=text, words=words)
    segments[position] = corrected
    result = redact_segments(segments)
    spans = [replace(span, segment=segments[span.segment].index)
             for span in result.spans if span.segment == position]
    clean = result.segments[position]
    corrected.text, corrected.words = clean.text, clean.words
    if spans:
        # muted=False until the recording is silenced there: it is withheld until then, and
        # the muting schedule (calls.redaction) does it, as for an archive redaction.
        count = redactions_record(call_id=segment.call_id, spans=spans, replace=False)
        CallStatusChange.objects.create(
            call_id=segment.call_id, status=segment.call.status,
            note=_("Скрыты персональные данные в исправленной реплике: %(count)d")
            % {"count": count},
        )
    return corrected, len(spans)


# --- A new transcription of a corrected call ---------------------------------------------------


@dataclass(frozen=True)
class CorrectedMoment:
    """What a corrected segment said, remembered while a new transcription replaces it."""

    index: int
    speaker: str
    start: float
    end: float
    text: str
    corrected_by_id: int | None
    corrected_at: datetime


def corrected_moments(*, call_id: int) -> list[CorrectedMoment]:
    """The corrected segments of a call, read before its segments are replaced."""
    return [
        CorrectedMoment(index=s.index, speaker=s.speaker, start=s.start, end=s.end, text=s.text,
                        corrected_by_id=s.corrected_by_id, corrected_at=s.corrected_at)
        for s in Segment.objects.filter(call_id=call_id, corrected_at__isnull=False)
        .order_by("index")
        if s.corrected_at is not None
    ]


@dataclass(frozen=True)
class CarryOver:
    carried: int
    not_carried: int


def corrections_carry_over(
    *, call_id: int, moments: Sequence[CorrectedMoment], now: datetime | None = None
) -> CarryOver:
    """After a new transcription: a person's words win over the recognizer's where the new
    segment is the same moment (same speaker, both ends within SAME_MOMENT_SECONDS); the rest
    stay in the history as not carried over, and the call page says so.

    Called inside the transaction that stored the new segments (calls/pipeline.py).
    """
    if not moments:
        return CarryOver(carried=0, not_carried=0)
    now = now or timezone.now()
    fresh = list(Segment.objects.filter(call_id=call_id).order_by("index"))
    taken: set[int] = set()
    carried = not_carried = 0
    for moment in moments:
        match = next((s for s in fresh if s.pk not in taken and s.speaker == moment.speaker
                      and abs(s.start - moment.start) <= SAME_MOMENT_SECONDS
                      and abs(s.end - moment.end) <= SAME_MOMENT_SECONDS), None)
        if match is None:
            SegmentCorrection.objects.create(
                call_id=call_id, segment=None, segment_index=moment.index,
                speaker=moment.speaker, start=moment.start, end=moment.end,
                action=SegmentCorrection.Action.NOT_CARRIED, recognized_text="",
                text_before=moment.text, text_after="", user=None, at=now,
            )
            not_carried += 1
            continue
        taken.add(match.pk)
        if match.text == moment.text:
            carried += 1  # the recognizer now writes what the person wrote
            continue
        before = match.text
        # The person's text was redacted when they wrote it; the words are the new ones.
        match.recognized_text, match.recognized_words = match.text, match.words
        match.words = realign_words(match.words, moment.text, start=match.start)
        match.text = moment.text
        match.corrected_by_id, match.corrected_at = moment.corrected_by_id, moment.corrected_at
        match.save(update_fields=["text", "words", "recognized_text", "recognized_words",
                                  "corrected_by", "corrected_at"])
        _log(match, SegmentCorrection.Action.CARRIED, before=before, user=None, now=now)
        carried += 1
    CallStatusChange.objects.create(
        call_id=call_id, status=Call.Status.TRANSCRIBED, at=now,
        note=_("Звонок распознан заново. Исправлений людей перенесено: %(carried)d, "
               "не перенесено (реплики изменились): %(lost)d.")
        % {"carried": carried, "lost": not_carried},
    )
    return CarryOver(carried=carried, not_carried=not_carried)
