"""Auto-tagging: the tags analyser. The taxonomy's active phrases find tags in calls, and the
tags are stored with their evidence.

The generic half — the compiled phrase set per process, bulk transcript loading, widest
matches — is the shared phrase runtime (calls/phrase_runtime/); this module says which phrases
are the taxonomy's and writes CallTag/TagEvidence rows for many calls at a time (the pipeline
tags one call, re-analysis a chunk of hundreds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from calls.models import Call, CallTag, CallTagChange, KeyPhrase, Tag, TagEvidence
from calls.phrase_runtime.phrase_sets import Found, PhraseSet, owners_and_phrases_stamp
from calls.phrase_runtime.transcripts import load_transcripts

# The tags analyser's name in the analysis registry (calls/analysis.py).
TAGS_ANALYSER = "tags"

TAXONOMY_PHRASES = PhraseSet(
    name="tags",
    phrases=lambda: KeyPhrase.objects.active().order_by("id"),
    owner_field="tag_id",
    stamp=lambda: owners_and_phrases_stamp(Tag.objects.all(), "phrases"),
)


@dataclass(frozen=True)
class AutotagReport:
    calls: int
    tags: int
    evidence: int


def calls_autotag(*, call_ids: Sequence[int], now: datetime | None = None) -> AutotagReport:
    """Replace the auto tags (and their evidence) of these calls with what the phrases find now.

    Manual tags are never touched, and a tag a person removed from a call is not put back
    (CallTagChange: until a person adds it again). Reads in three queries, writes in bulk, in
    one transaction so a reader never sees a call between "old tags deleted" and "new tags
    written".
    """
    now = now or timezone.now()
    compiled = TAXONOMY_PHRASES.compiled()
    found = load_transcripts(call_ids)
    removed = CallTagChange.objects.removed_pairs(call_ids)
    new_tags: list[CallTag] = []
    pending: list[list[Found]] = []
    for transcript in found:
        for tag_id, evidence in compiled.find(transcript).items():
            if (transcript.call_id, tag_id) in removed:
                continue
            new_tags.append(CallTag(call_id=transcript.call_id, tag_id=tag_id,
                                    source=CallTag.Source.AUTO, created_at=now))
            pending.append(evidence)
    with transaction.atomic():
        CallTag.objects.filter(call_id__in=call_ids, source=CallTag.Source.AUTO).delete()
        CallTag.objects.bulk_create(new_tags, batch_size=500)
        rows = [
            TagEvidence(
                call_tag_id=call_tag.pk, segment_id=item.segment_id, phrase_id=item.phrase_id,
                token_start=item.match.token_start, token_end=item.match.token_end,
                char_start=item.match.char_start, char_end=item.match.char_end,
                start=round(item.match.start, 3), end=round(item.match.end, 3), text=item.text,
            )
            for call_tag, evidence in zip(new_tags, pending, strict=True)
            for item in evidence
        ]
        TagEvidence.objects.bulk_create(rows, batch_size=500)
    return AutotagReport(calls=len(found), tags=len(new_tags), evidence=len(rows))


def taxonomy_changed_after_tagging() -> bool:
    """True while some analysed call carries tags from before the latest tag or phrase edit,
    i.e. a re-analysis would change something. A fresh install (calls analysed after the
    taxonomy was loaded) and a finished re-analysis both answer False."""
    stamps = [
        stamp for stamp in (
            KeyPhrase.objects.aggregate(at=Max("updated_at"))["at"],
            Tag.objects.aggregate(at=Max("updated_at"))["at"],
        ) if stamp is not None
    ]
    if not stamps:
        return False
    return Call.objects.filter(
        status=Call.Status.ANALYSED, analysed_at__lt=max(stamps)
    ).exists()
