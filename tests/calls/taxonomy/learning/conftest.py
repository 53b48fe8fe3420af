"""A labelled world for the tag-learning tests: the small set's tags (one phrase each) and calls,
the even wordings annotated in a closed campaign, every call analysed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from calls.analysis import analyse_calls
from calls.models import Annotation, AnnotationCampaign, Call, Tag
from project.roles import Role
from tests.calls.learning.small_set import TAGS, calls
from tests.factories import KeyPhraseFactory, TagFactory, UserFactory, call_with_segments


@dataclass
class LabelledWorld:
    tags: dict[str, Tag]
    calls: dict[str, Call]  # name → call
    gold: dict[str, frozenset[str]]
    annotated: set[str]
    campaign: AnnotationCampaign
    annotator: User


def annotate(
    campaign: AnnotationCampaign, call: Call, annotator: User, tags: list[Tag]
) -> Annotation:
    annotation = Annotation.objects.create(
        campaign=campaign, call=call, annotator=annotator, none_apply=not tags
    )
    annotation.tags.set(tags)
    return annotation


@pytest.fixture
def labelled_world(db: None) -> LabelledWorld:
    tags = {}
    for code, tag in TAGS.items():
        tags[code] = TagFactory(code=code, name=tag["seeds"][0], description=tag["seeds"][1])
        KeyPhraseFactory(tag=tags[code], text=tag["phrase"])
    annotator = UserFactory(username="annotator", role=Role.TRAINER)
    campaign = AnnotationCampaign.objects.create(
        name="Первая разметка", status=AnnotationCampaign.Status.CLOSED, closed_at=timezone.now()
    )
    world = LabelledWorld(
        tags=tags, calls={}, gold={}, annotated=set(), campaign=campaign, annotator=annotator
    )
    for name, turns, gold, is_annotated in calls():
        call = call_with_segments(*turns, external_id=f"call-{name}")
        world.calls[name], world.gold[name] = call, gold
        if is_annotated:
            world.annotated.add(name)
            annotate(campaign, call, annotator, [tags[code] for code in gold])
    analyse_calls(call_ids=[call.pk for call in world.calls.values()])
    return world
