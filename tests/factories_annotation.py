"""factory_boy factories of annotation campaigns (calls/models/annotation.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import factory
from django.contrib.auth.models import User

from calls.models import Annotation, AnnotationCampaign, Call, CampaignCall, Tag
from project.roles import Role
from tests.factories import UserFactory


def annotator(username: str | None = None, role: Role = Role.ANNOTATOR) -> User:
    user: User = UserFactory(role=role, **({"username": username} if username else {}))
    return user


class AnnotationCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnotationCampaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Кампания {n}")

    @factory.post_generation
    def annotators(self, create: bool, extracted: Iterable[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.annotators.set(extracted)


class CampaignCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignCall

    campaign = factory.SubFactory(AnnotationCampaignFactory)
    order = factory.Sequence(lambda n: n)


class AnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annotation
        skip_postgeneration_save = True

    campaign = factory.SubFactory(AnnotationCampaignFactory)
    annotator = factory.SubFactory(UserFactory, role=Role.ANNOTATOR)

    @factory.post_generation
    def tags(self, create: bool, extracted: Iterable[Tag] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.tags.set(extracted)


def campaign_with(
    calls: Sequence[Call], annotators: Sequence[User], **fields: Any
) -> AnnotationCampaign:
    """A campaign of these calls (in this order) and annotators."""
    campaign = AnnotationCampaignFactory(annotators=annotators, sample_size=len(calls), **fields)
    for order, call in enumerate(calls, start=1):
        CampaignCallFactory(campaign=campaign, call=call, order=order)
    return campaign


def answer(
    campaign: AnnotationCampaign, call: Call, annotator: User, tags: Iterable[Tag] = ()
) -> Annotation:
    """An answer written straight to the table (no checks): an empty list means none applies."""
    chosen = list(tags)
    return AnnotationFactory(
        campaign=campaign, call=call, annotator=annotator, tags=chosen, none_apply=not chosen
    )
