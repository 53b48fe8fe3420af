"""A call's reference labels: the majority of the people who annotated it.

Per (call, tag): the tag is in the reference when more than half of the call's annotators chose it,
and a tie (exactly half, with an even number of annotators) is flagged for an admin instead of
being decided by chance; once an admin decides it (TieResolution) the decision counts and the tie
is no longer open. One annotator (an import) gives the reference directly. «Ни один тег не
подходит» is an answer: it counts as «no» for every tag, so a call with a reference of no tags is
a labelled negative, which the agreement, the learner and the review all need.

Only closed campaigns give a reference unless a campaign is asked for by name: while a campaign is
open its answers are still blind and may change. A call annotated in several closed campaigns
pools each annotator's latest answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from calls.models import Annotation, AnnotationCampaign, TieResolution


@dataclass(frozen=True)
class Reference:
    """The reference of one call: the tags the majority chose, and the tied ones."""

    call_id: int
    annotators: int
    tags: frozenset[int]
    ties: frozenset[int] = field(default_factory=frozenset)
    # tag id → how many annotators chose it
    votes: dict[int, int] = field(default_factory=dict)
    # Ties an admin decided: the tags they put in are in `tags`, and none of these is in `ties`.
    resolved: frozenset[int] = field(default_factory=frozenset)


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


def resolutions(campaign: AnnotationCampaign | None = None) -> dict[tuple[int, int], bool]:
    """(call id, tag id) → whether the tag applies, as admins decided ties (the latest wins)."""
    decisions = TieResolution.objects.all()
    if campaign is None:
        decisions = decisions.filter(campaign__status=AnnotationCampaign.Status.CLOSED)
    else:
        decisions = decisions.filter(campaign=campaign)
    return {
        (call_id, tag_id): applies
        for call_id, tag_id, applies in decisions.order_by("decided_at", "pk").values_list(
            "call_id", "tag_id", "applies"
        )
    }


def resolve(reference: Reference, decisions: dict[tuple[int, int], bool]) -> Reference:
    """The reference with the admins' decisions on its ties."""
    decided = {tag for tag in reference.ties if (reference.call_id, tag) in decisions}
    if not decided:
        return reference
    return replace(
        reference,
        tags=reference.tags | {tag for tag in decided if decisions[(reference.call_id, tag)]},
        ties=reference.ties - decided,
        resolved=frozenset(decided),
    )


def reference_labels(campaign: AnnotationCampaign | None = None) -> dict[int, Reference]:
    """call id → its reference, for every call annotated (in this campaign, or in closed ones)."""
    decisions = resolutions(campaign)
    return {
        call_id: resolve(majority(call_id, by_annotator), decisions)
        for call_id, by_annotator in answers(campaign).items()
    }
