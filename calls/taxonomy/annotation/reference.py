"""A call's reference labels: the majority of the people who annotated it.

Per (call, tag): the tag is in the reference when more than half of the call's annotators chose it,
and a tie (exactly half, with an even number of annotators) is flagged for an admin instead of
being decided by chance. One annotator (an import) gives the reference directly. «Ни один тег не
подходит» is an answer: it counts as «no» for every tag, so a call with a reference of no tags is
a labelled negative, which the agreement, the learner and the review all need.

Only closed campaigns give a reference unless a campaign is asked for by name: while a campaign is
open its answers are still blind and may change. A call annotated in several closed campaigns
pools each annotator's latest answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from calls.models import Annotation, AnnotationCampaign


@dataclass(frozen=True)
class Reference:
    """The reference of one call: the tags the majority chose, and the tied ones."""

    call_id: int
    annotators: int
    tags: frozenset[int]
    ties: frozenset[int] = field(default_factory=frozenset)
    # tag id → how many annotators chose it
    votes: dict[int, int] = field(default_factory=dict)


def answers(campaign: AnnotationCampaign | None = None) -> dict[int, dict[int, frozenset[int]]]:
    """call id → {annotator id: the tag ids chosen (empty: none applies)}, the latest answer."""
    annotations = Annotation.objects.all()
    if campaign is None:
        annotations = annotations.filter(campaign__status=AnnotationCampaign.Status.CLOSED)
    else:
        annotations = annotations.filter(campaign=campaign)
    chosen: dict[int, set[int]] = defaultdict(set)
    for annotation_id, tag_id in annotations.filter(tags__isnull=False).values_list("pk", "tags"):
        chosen[annotation_id].add(tag_id)
    result: dict[int, dict[int, frozenset[int]]] = defaultdict(dict)
    for annotation_id, call_id, annotator_id in annotations.order_by(
        "submitted_at", "pk"
    ).values_list("pk", "call_id", "annotator_id"):
        result[call_id][annotator_id] = frozenset(chosen.get(annotation_id, ()))
    return dict(result)


def majority(call_id: int, by_annotator: dict[int, frozenset[int]]) -> Reference:
    votes: dict[int, int] = defaultdict(int)
    for tags in by_annotator.values():
        for tag_id in tags:
            votes[tag_id] += 1
    count = len(by_annotator)
    return Reference(
        call_id=call_id,
        annotators=count,
        tags=frozenset(tag for tag, n in votes.items() if 2 * n > count),
        ties=frozenset(tag for tag, n in votes.items() if 2 * n == count),
        votes=dict(votes),
    )


def reference_labels(campaign: AnnotationCampaign | None = None) -> dict[int, Reference]:
    """call id → its reference, for every call annotated (in this campaign, or in closed ones)."""
    return {
        call_id: majority(call_id, by_annotator)
        for call_id, by_annotator in answers(campaign).items()
    }
