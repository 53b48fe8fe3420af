"""Annotation campaigns and answers for the agreement tests, built directly (no pages)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import Annotation, AnnotationCampaign, Call, CallTag, Tag
from project.roles import Role
from tests.factories import CallFactory, CallTagFactory, TagFactory, UserFactory


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


def two_trainers_world() -> dict[str, Any]:
    """A closed campaign: two trainers answer four calls about two tags; they disagree on
    «Задержка доставки» (κ = 0, flagged) and agree on «Возврат»; phrases found «Задержка
    доставки» on calls 0 (right) and 3 (wrong); calls 1 and 2 are ties."""
    delay = TagFactory(code="delay", name="Задержка доставки", description="Курьер опоздал")
    refund = TagFactory(code="refund", name="Возврат")
    anna = UserFactory(username="anna", role=Role.TRAINER)
    boris = UserFactory(username="boris", role=Role.TRAINER)
    run = campaign("Майская", annotators=[anna, boris])
    calls = [CallFactory() for _ in range(4)]
    labels = [([delay], [delay]), ([delay, refund], [refund]), ([], [delay]), ([refund], [refund])]
    for call, (mine, theirs) in zip(calls, labels, strict=True):
        answer(run, call, anna, mine)
        answer(run, call, boris, theirs)
    CallTagFactory(call=calls[0], tag=delay, source=CallTag.Source.AUTO)
    CallTagFactory(call=calls[3], tag=delay, source=CallTag.Source.AUTO)
    return {
        "delay": delay,
        "refund": refund,
        "anna": anna,
        "boris": boris,
        "campaign": run,
        "calls": calls,
    }
