"""Annotation campaigns and answers for the agreement tests, built directly (no pages)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import Annotation, AnnotationCampaign, Call, Tag


def campaign(
    name: str = "Кампания", *, closed: bool = True, annotators: Sequence[User] = ()
) -> AnnotationCampaign:
    result = AnnotationCampaign.objects.create(
        name=name,
        status=AnnotationCampaign.Status.CLOSED if closed else AnnotationCampaign.Status.OPEN,
        closed_at=timezone.now() if closed else None,
    )
    result.annotators.set(annotators)
    return result


def answer(
    campaign: AnnotationCampaign, call: Call, annotator: User, tags: Sequence[Tag]
) -> Annotation:
    """One annotator's answer; no tags is «ни один тег не подходит»."""
    annotation = Annotation.objects.create(
        campaign=campaign, call=call, annotator=annotator, none_apply=not tags
    )
    annotation.tags.set(tags)
    return annotation
