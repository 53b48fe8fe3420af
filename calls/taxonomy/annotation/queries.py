"""Reads of annotation campaigns for the pages and the API: progress, an annotator's queue, the
answers side by side after closing, the ties to decide.

Blindness lives here as much as in the views: what an annotator reads (`annotator_items`,
`own_answer`) carries their own answer only and never a tag the call got from anywhere else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from calls.models import (
    Annotation,
    AnnotationCampaign,
    Call,
    CampaignCall,
    Tag,
    TagCategory,
)
from calls.taxonomy.annotation.reference import Reference, reference_labels


@dataclass(frozen=True)
class AnnotatorProgress:
    user: User
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def campaigns_with_counts() -> QuerySet[AnnotationCampaign]:
    return AnnotationCampaign.objects.annotate(
        calls_count=Count("campaign_calls", distinct=True),
        annotators_count=Count("annotators", distinct=True),
        answers_count=Count("annotations", distinct=True),
    ).select_related("created_by")


def campaign_progress(campaign: AnnotationCampaign) -> list[AnnotatorProgress]:
    total = campaign.campaign_calls.count()
    answered = dict(
        campaign.annotations.values_list("annotator").annotate(n=Count("pk")).order_by()
    )
    return [
        AnnotatorProgress(user=user, answered=answered.get(user.pk, 0), total=total)
        for user in campaign_annotators(campaign)
    ]


@dataclass(frozen=True)
class QueueItem:
    campaign: AnnotationCampaign
    call: Call
    order: int
    answered: bool


def annotator_items(user: User, campaign: AnnotationCampaign | None = None) -> list[QueueItem]:
    """The calls of the open campaigns this person annotates, in each campaign's order."""
    items = (
        CampaignCall.objects.assigned_to(user)
        .filter(campaign__status=AnnotationCampaign.Status.OPEN)
        .select_related("campaign", "call", "call__line")
        .order_by("campaign__created_at", "campaign_id", "order", "pk")
    )
    if campaign is not None:
        items = items.filter(campaign=campaign)
    answered = set(
        Annotation.objects.by(user)
        .filter(campaign__status=AnnotationCampaign.Status.OPEN)
        .values_list("campaign_id", "call_id")
    )
    return [
        QueueItem(
            campaign=item.campaign,
            call=item.call,
            order=item.order,
            answered=(item.campaign_id, item.call_id) in answered,
        )
        for item in items
    ]


def next_item(user: User, campaign: AnnotationCampaign, after: Call) -> QueueItem | None:
    """The next call of the campaign this person has not answered, after `after` (then from the
    start): «сохранить и дальше»."""
    items = annotator_items(user, campaign)
    position = next((i for i, item in enumerate(items) if item.call.pk == after.pk), -1)
    for item in items[position + 1 :] + items[: position + 1]:
        if not item.answered and item.call.pk != after.pk:
            return item
    return None


def own_answer(campaign: AnnotationCampaign, call: Call, user: User) -> Annotation | None:
    return (
        Annotation.objects.filter(campaign=campaign, call=call, annotator=user)
        .prefetch_related("tags")
        .first()
    )


def active_tags_by_category() -> list[TagCategory]:
    """Every category with its active tags (each with its description): the annotation form."""
    return [
        category
        for category in TagCategory.objects.prefetch_related(
            Prefetch("tags", queryset=Tag.objects.active().order_by("name"), to_attr="active")
        ).order_by("order", "name")
        if category.active  # type: ignore[attr-defined]
    ]


# --- After closing: the answers side by side and the ties -----------------------------------------


@dataclass
class AnswerView:
    annotator: User
    tags: list[Tag]
    none_apply: bool
    comment: str


@dataclass
class CallAnswers:
    call: Call
    stratum: str
    # One cell per annotator, in the order of `campaign_annotators` (None: not answered).
    answers: list[AnswerView | None] = field(default_factory=list)
    reference: Reference | None = None
    reference_tags: list[Tag] = field(default_factory=list)
    tie_tags: list[Tag] = field(default_factory=list)


def campaign_annotators(campaign: AnnotationCampaign) -> list[User]:
    return list(campaign.annotators.order_by("username"))


def campaign_answers(campaign: AnnotationCampaign) -> list[CallAnswers]:
    """Each call of the campaign with every annotator's answer side by side and its reference
    (admins, after closing; while the campaign is open the pages show counts instead)."""
    columns = {user.pk: index for index, user in enumerate(campaign_annotators(campaign))}
    rows: dict[int, CallAnswers] = {}
    for item in campaign.campaign_calls.select_related("call", "call__line").order_by("order"):
        rows[item.call_id] = CallAnswers(
            call=item.call, stratum=item.stratum, answers=[None] * len(columns)
        )
    annotations = (
        campaign.annotations.select_related("annotator")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("annotator__username")
    )
    for annotation in annotations:
        row = rows.get(annotation.call_id)
        column = columns.get(annotation.annotator_id)
        if row is not None and column is not None:
            row.answers[column] = AnswerView(
                annotator=annotation.annotator,
                tags=list(annotation.tags.all()),
                none_apply=annotation.none_apply,
                comment=annotation.comment,
            )
    references = reference_labels(campaign)
    tag_ids = {tag for ref in references.values() for tag in ref.tags | ref.ties}
    tags = Tag.objects.in_bulk(tag_ids)
    for call_id, reference in references.items():
        row = rows.get(call_id)
        if row is None:
            continue
        row.reference = reference
        row.reference_tags = sorted((tags[t] for t in reference.tags), key=lambda t: t.name)
        row.tie_tags = sorted((tags[t] for t in reference.ties), key=lambda t: t.name)
    return list(rows.values())


@dataclass(frozen=True)
class Tie:
    call: Call
    tag: Tag
    votes: int
    annotators: int


def open_ties(campaign: AnnotationCampaign) -> list[Tie]:
    """The (call, tag) pairs half of the annotators chose, not yet decided by an admin."""
    references = reference_labels(campaign)
    pairs = [(call_id, tag_id) for call_id, ref in references.items() for tag_id in ref.ties]
    if not pairs:
        return []
    calls = Call.objects.in_bulk({call_id for call_id, _tag in pairs})
    tags = Tag.objects.in_bulk({tag_id for _call, tag_id in pairs})
    return [
        Tie(
            call=calls[call_id],
            tag=tags[tag_id],
            votes=references[call_id].votes.get(tag_id, 0),
            annotators=references[call_id].annotators,
        )
        for call_id, tag_id in sorted(pairs)
    ]


def answered_by_all(campaign: AnnotationCampaign) -> bool:
    annotators = campaign.annotators.count()
    short = campaign.campaign_calls.annotate(
        n=Count("call__annotations", filter=Q(call__annotations__campaign=campaign))
    ).filter(n__lt=annotators)
    return not short.exists()


def answers_by_call(campaign: AnnotationCampaign) -> dict[int, int]:
    """call id → how many annotators answered it (the admin's progress, no labels)."""
    counts: dict[int, int] = defaultdict(int)
    for call_id in campaign.annotations.values_list("call_id", flat=True):
        counts[call_id] += 1
    return dict(counts)
