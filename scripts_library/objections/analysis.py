"""The objections analyser: the library's active trigger phrases find objections in calls, and
each hit is stored with its evidence and its sequence — which time the objection came up, the
operator's reply, whether the customer raised it again later.

The matching is the shared phrase runtime's (calls/phrase_runtime/), as for tags: one compiled
set of phrases per process, rebuilt when the library's stamp changes, so a library edit is used
by the next analysis or re-analysis without a restart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max

from calls.models import Call, Speaker
from calls.phrase_runtime.phrase_sets import Found, PhraseSet, owners_and_phrases_stamp
from calls.phrase_runtime.transcripts import CallTranscript, load_transcripts
from scripts_library.models import Objection, ObjectionHit, ObjectionPhrase
from scripts_library.objections.concession import conceded

# The analyser's name in the analysis registry (calls/analysis.py): `reanalyse --analyser
# objections` re-finds the objections of the archive after a library change.
OBJECTIONS_ANALYSER = "objections"

# A reply is what the operator said before the customer spoke again; a monologue is cut.
REPLY_TEXT_LIMIT = 2000

OBJECTION_PHRASES = PhraseSet(
    name="objections",
    phrases=lambda: ObjectionPhrase.objects.active().order_by("id"),
    owner_field="objection_id",
    # Objection.updated_at moves on a status change (retire, activate) and when a phrase is
    # deleted (services touch it); phrase counts and times catch the rest.
    stamp=lambda: owners_and_phrases_stamp(Objection.objects.all(), "phrases"),
)


@dataclass(frozen=True)
class ObjectionsReport:
    calls: int
    hits: int


@dataclass(frozen=True)
class Reply:
    text: str
    start: float | None
    end: float | None


def operator_reply(transcript: CallTranscript, segment_index: int) -> Reply:
    """The operator's segments after this one until the customer speaks again.

    The customer may go on talking after the words that raised the objection: those segments
    are passed over, and the reply is the first run of operator segments that follows.
    """
    segments = transcript.segments
    position = segment_index + 1
    while position < len(segments) and segments[position].speaker != Speaker.OPERATOR:
        position += 1
    parts = []
    while position < len(segments) and segments[position].speaker != Speaker.CUSTOMER:
        if segments[position].speaker == Speaker.OPERATOR:
            parts.append(segments[position])
        position += 1
    if not parts:
        return Reply(text="", start=None, end=None)
    text = " ".join(part.text.strip() for part in parts)[:REPLY_TEXT_LIMIT]
    return Reply(text=text, start=parts[0].start, end=parts[-1].end)


def _raisings(transcript: CallTranscript, evidence: list[Found]) -> list[int]:
    """Which time the objection was raised, per piece of evidence (in transcript order).

    Two matches belong to the same raising unless the operator spoke between them: the customer
    saying «дорого… очень дорого» in one breath is one objection, not a repeated one.
    """
    speakers = [segment.speaker for segment in transcript.segments]
    numbers: list[int] = []
    previous: int | None = None
    for item in evidence:
        index = item.match.segment_index
        if previous is None:
            numbers.append(1)
        elif Speaker.OPERATOR in speakers[previous + 1:index]:
            numbers.append(numbers[-1] + 1)
        else:
            numbers.append(numbers[-1])
        previous = index
    return numbers


def hits_for(transcript: CallTranscript, objection_id: int, evidence: list[Found]
             ) -> list[ObjectionHit]:
    occurrences = _raisings(transcript, evidence)
    last = occurrences[-1] if occurrences else 0
    hits = []
    for item, occurrence in zip(evidence, occurrences, strict=True):
        reply = operator_reply(transcript, item.match.segment_index)
        hits.append(ObjectionHit(
            call_id=transcript.call_id, objection_id=objection_id, segment_id=item.segment_id,
            phrase_id=item.phrase_id, char_start=item.match.char_start,
            char_end=item.match.char_end, start=round(item.match.start, 3),
            end=round(item.match.end, 3), text=item.text, occurrence=occurrence,
            raised_again=occurrence < last, reply_text=reply.text,
            reply_start=reply.start, reply_end=reply.end,
        ))
    return hits


def calls_find_objections(*, call_ids: Sequence[int], now: datetime | None = None
                          ) -> ObjectionsReport:
    """Replace the objection hits of these calls with what the library's phrases find now.

    Reads in two queries, writes in bulk, in one transaction (the caller's, see
    calls/analysis.py), so a reader never sees a call between old hits deleted and new written.
    """
    compiled = OBJECTION_PHRASES.compiled()
    transcripts = load_transcripts(call_ids)
    rows: list[ObjectionHit] = []
    for transcript in transcripts:
        for objection_id, evidence in compiled.find(transcript).items():
            # «дорого, но берём» is no objection (concession.py); tags keep such matches.
            evidence = [
                item for item in evidence
                if not conceded(transcript.segments[item.match.segment_index].text,
                                item.match.char_end)
            ]
            if evidence:
                rows.extend(hits_for(transcript, objection_id, evidence))
    with transaction.atomic():
        ObjectionHit.objects.filter(call_id__in=call_ids).delete()
        ObjectionHit.objects.bulk_create(rows, batch_size=500)
    return ObjectionsReport(calls=len(transcripts), hits=len(rows))


def library_changed_after_analysis() -> bool:
    """True while some analysed call carries hits from before the latest library edit of what
    finds objections (objections, phrases), i.e. a re-analysis would change something. A draft
    and its phrases find nothing until it is activated (which stamps it), so they are left out:
    accepting a review suggestion does not make the archive stale."""
    draft = Objection.Status.DRAFT
    stamps = [
        stamp for stamp in (
            ObjectionPhrase.objects.exclude(objection__status=draft)
            .aggregate(at=Max("updated_at"))["at"],
            Objection.objects.exclude(status=draft).aggregate(at=Max("updated_at"))["at"],
        ) if stamp is not None
    ]
    if not stamps:
        return False
    return Call.objects.filter(
        status=Call.Status.ANALYSED, analysed_at__lt=max(stamps)
    ).exists()
