"""Each automatic tag source against the annotators' reference: whose phrases need work.

Per tag and source (phrases `auto`, the learned model `model`, and people's `manual` tags), on the
annotated calls: the tag is «found» on a call when the source put it there, and «true» when the
annotators' majority chose it (calls/taxonomy/annotation/reference.py `reference_labels`). A call
whose annotators tied on the tag is left out for that tag: the reference does not say.

precision = found and true / found, recall = found and true / true, each with its 95% Wilson
interval (a handful of annotated calls says little, and the interval says how little).

Manual tags written by the campaign itself (its reference applied as the calls' manual tags when
it closed) would agree with the reference by construction, so they are left out: a manual tag on
a call of a campaign whose labels were applied counts only if it was set before that campaign
closed (the groundwork marks the applied labels by time only: `closed_at`, `labels_applied_at`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from calls.models import Annotation, AnnotationCampaign, CallTag, Tag
from calls.taxonomy.annotation.reference import Reference, reference_labels
from project.stats.intervals import Interval, wilson_interval

SOURCES: tuple[CallTag.Source, ...] = (
    CallTag.Source.AUTO,
    CallTag.Source.MODEL,
    CallTag.Source.MANUAL,
)


@dataclass(frozen=True)
class SourceAccuracy:
    """One source's tags against the reference, for one tag (or all tags: tag None)."""

    tag: Tag | None
    source: CallTag.Source
    calls: int  # annotated calls the reference decides for this tag
    true_positives: tuple[int, ...]  # call ids: found and in the reference
    false_positives: tuple[int, ...]  # found, not in the reference
    false_negatives: tuple[int, ...]  # in the reference, not found

    @property
    def found(self) -> int:
        return len(self.true_positives) + len(self.false_positives)

    @property
    def relevant(self) -> int:
        return len(self.true_positives) + len(self.false_negatives)

    @property
    def precision(self) -> float | None:
        return len(self.true_positives) / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return len(self.true_positives) / self.relevant if self.relevant else None

    @property
    def precision_interval(self) -> Interval | None:
        return wilson_interval(len(self.true_positives), self.found)

    @property
    def recall_interval(self) -> Interval | None:
        return wilson_interval(len(self.true_positives), self.relevant)


def _applied_since(campaign: AnnotationCampaign | None, call_ids: set[int]) -> dict[int, datetime]:
    """call id → when the earliest campaign in scope that wrote its labels as manual tags
    closed: manual tags set since then are that campaign's, not an independent source."""
    campaigns = AnnotationCampaign.objects.filter(labels_applied_at__isnull=False)
    campaigns = (
        campaigns.filter(pk=campaign.pk)
        if campaign is not None
        else campaigns.filter(status=AnnotationCampaign.Status.CLOSED)
    )
    cutoffs = {
        row.pk: min(moment for moment in (row.closed_at, row.labels_applied_at) if moment)
        for row in campaigns
    }
    since: dict[int, datetime] = {}
    pairs = Annotation.objects.filter(campaign_id__in=cutoffs, call_id__in=call_ids)
    for call_id, campaign_id in pairs.values_list("call_id", "campaign_id").distinct():
        moment = cutoffs[campaign_id]
        since[call_id] = min(moment, since.get(call_id, moment))
    return since


def _found(
    reference: dict[int, Reference], campaign: AnnotationCampaign | None
) -> dict[tuple[int, str], set[int]]:
    """(tag id, source) → the annotated calls the source tagged."""
    call_ids = set(reference)
    since = _applied_since(campaign, call_ids)
    found: dict[tuple[int, str], set[int]] = defaultdict(set)
    rows = CallTag.objects.filter(call_id__in=call_ids, source__in=SOURCES)
    for call_id, tag_id, source, created_at in rows.values_list(
        "call_id", "tag_id", "source", "created_at"
    ):
        if source == CallTag.Source.MANUAL and call_id in since and created_at >= since[call_id]:
            continue
        found[(tag_id, source)].add(call_id)
    return found


def _accuracy(
    tag: Tag | None, source: CallTag.Source, decided: set[int], found: set[int], true: set[int]
) -> SourceAccuracy:
    found, true = found & decided, true & decided
    return SourceAccuracy(
        tag=tag,
        source=source,
        calls=len(decided),
        true_positives=tuple(sorted(found & true)),
        false_positives=tuple(sorted(found - true)),
        false_negatives=tuple(sorted(true - found)),
    )


def source_accuracy(*, campaign: AnnotationCampaign | None = None) -> list[SourceAccuracy]:
    """Per tag in the reference or found by a source on the annotated calls, each source's
    precision and recall against the reference (campaign None: every closed campaign)."""
    reference = reference_labels(campaign)
    if not reference:
        return []
    found = _found(reference, campaign)
    tag_ids = {tag_id for ref in reference.values() for tag_id in ref.tags | ref.ties}
    tag_ids |= {tag_id for tag_id, _source in found}
    result = []
    for tag in Tag.objects.filter(pk__in=tag_ids).select_related("category"):
        decided = {call_id for call_id, ref in reference.items() if tag.pk not in ref.ties}
        true = {call_id for call_id, ref in reference.items() if tag.pk in ref.tags}
        for source in SOURCES:
            result.append(_accuracy(tag, source, decided, found.get((tag.pk, source), set()), true))
    return result


def source_totals(rows: list[SourceAccuracy]) -> list[SourceAccuracy]:
    """Each source over every tag (micro-averaged over (call, tag) items): a call id appears once
    per tag it counts for, so the lengths are the item counts."""
    totals = []
    for source in SOURCES:
        mine = [row for row in rows if row.source == source]
        totals.append(
            SourceAccuracy(
                tag=None,
                source=source,
                calls=sum(row.calls for row in mine),
                true_positives=tuple(c for row in mine for c in row.true_positives),
                false_positives=tuple(c for row in mine for c in row.false_positives),
                false_negatives=tuple(c for row in mine for c in row.false_negatives),
            )
        )
    return totals
