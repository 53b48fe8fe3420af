"""The learned-tags analyser: the models an admin turned on propose their tags for calls.

It reads the tags analyser's output (a tag the phrases found is one of the model's features) and
replaces the calls' MODEL tags on every analysis and re-analysis — manual and phrase tags are
never touched, and a tag a person removed from a call is not proposed again (CallTagChange).
The enabled models are compiled once per process (one Proposer, the word vectors loaded
lazily once) and compiled again only when a model is turned on or off or retrained.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from calls.learning.documents import documents_from_transcripts
from calls.learning.learner import LabelModel, Proposer
from calls.models import CallTag, CallTagChange, LearnedTagModel
from calls.phrase_runtime.transcripts import load_transcripts
from calls.taxonomy.learning.training import LEARNED_SPEAKER

LEARNED_TAGS_ANALYSER = "learned_tags"

_lock = threading.Lock()
_compiled: tuple[object, Proposer, dict[str, int]] | None = None


@dataclass(frozen=True)
class LearnedTagsReport:
    calls: int
    tags: int


def enabled_proposer() -> tuple[Proposer, dict[str, int]] | None:
    """The enabled models as one Proposer and tag code → tag id; None when none is on.
    One query when nothing changed since the last call in this process."""
    global _compiled
    stamp = tuple(LearnedTagModel.objects.enabled().order_by("pk").values_list("pk", "trained_at"))
    if not stamp:
        return None
    with _lock:
        if _compiled is None or _compiled[0] != stamp:
            records = LearnedTagModel.objects.enabled().select_related("tag").order_by("pk")
            models, tag_ids = [], {}
            for record in records:
                try:
                    models.append(LabelModel.from_json(record.parameters))
                except (KeyError, TypeError, ValueError):
                    continue  # a model of an older version: skipped until retrained
                tag_ids[record.tag.code] = record.tag_id
            _compiled = (stamp, Proposer(models), tag_ids)
        return _compiled[1], _compiled[2]


def calls_learned_tag(*, call_ids: Sequence[int], now: datetime | None = None) -> LearnedTagsReport:
    """Replace these calls' MODEL tags with what the enabled models propose now."""
    now = now or timezone.now()
    compiled = enabled_proposer()
    new_tags: list[CallTag] = []
    if compiled is not None:
        proposer, tag_ids = compiled
        codes = {tag_id: code for code, tag_id in tag_ids.items()}
        hits: dict[int, set[str]] = defaultdict(set)
        for call_id, tag_id in (
            CallTag.objects.auto()
            .filter(call_id__in=call_ids, tag_id__in=codes)
            .values_list("call_id", "tag_id")
        ):
            hits[call_id].add(codes[tag_id])
        removed = CallTagChange.objects.removed_pairs(call_ids)
        documents = documents_from_transcripts(load_transcripts(call_ids), speaker=LEARNED_SPEAKER)
        for document in documents:
            for proposal in proposer.accepted(document, hits[document.call_id]):
                tag_id = tag_ids[proposal.key]
                if (document.call_id, tag_id) in removed:
                    continue
                new_tags.append(
                    CallTag(
                        call_id=document.call_id,
                        tag_id=tag_id,
                        source=CallTag.Source.MODEL,
                        created_at=now,
                        confidence=round(proposal.probability, 4),
                        reasons=[reason.as_dict() for reason in proposal.reasons],
                    )
                )
    with transaction.atomic():
        CallTag.objects.filter(call_id__in=call_ids, source=CallTag.Source.MODEL).delete()
        CallTag.objects.bulk_create(new_tags, batch_size=500)
    return LearnedTagsReport(calls=len(call_ids), tags=len(new_tags))
