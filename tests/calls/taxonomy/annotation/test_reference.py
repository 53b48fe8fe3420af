"""calls/taxonomy/annotation/reference.py: the majority of the annotators, ties flagged (and then
decided by an admin), «ни один тег не подходит» as a label, one annotator as the reference, and
only closed campaigns unless one is named."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from calls.models import AnnotationCampaign, Call, Tag, TieResolution
from calls.taxonomy.annotation.reference import answers, majority, reference_labels
from tests.factories import CallFactory, TagFactory
from tests.factories_annotation import annotator, answer, campaign_with

pytestmark = pytest.mark.django_db

CLOSED = AnnotationCampaign.Status.CLOSED


@pytest.fixture
def people() -> list[User]:
    return [annotator(f"ann{i}") for i in range(4)]


@pytest.fixture
def tags() -> list[Tag]:
    return [TagFactory(code="late"), TagFactory(code="rude"), TagFactory(code="price")]


def test_majority_counts_votes_and_flags_exact_halves() -> None:
    reference = majority(
        7, {1: frozenset({10, 11}), 2: frozenset({10}), 3: frozenset({10, 12}), 4: frozenset({11})}
    )
    assert reference.tags == {10}  # 3 of 4
    assert reference.ties == {11}  # 2 of 4: neither in nor out
    assert 12 not in reference.tags | reference.ties  # 1 of 4
    assert reference.votes == {10: 3, 11: 2, 12: 1}
    assert reference.annotators == 4


def test_an_odd_number_of_annotators_has_no_ties() -> None:
    reference = majority(7, {1: frozenset({10}), 2: frozenset({10}), 3: frozenset()})
    assert reference.tags == {10} and reference.ties == frozenset()


def test_none_apply_is_a_no_for_every_tag(people: list[User], tags: list[Tag]) -> None:
    call = CallFactory()
    campaign = campaign_with([call], people[:3], status=CLOSED)
    answer(campaign, call, people[0], [tags[0]])
    answer(campaign, call, people[1])  # none applies
    answer(campaign, call, people[2])

    reference = reference_labels(campaign)[call.pk]
    assert reference.tags == frozenset() and reference.ties == frozenset()
    assert reference.annotators == 3  # the «none» answers count as annotators
    assert answers(campaign)[call.pk][people[1].pk] == frozenset()


def test_a_single_annotator_is_the_reference(people: list[User], tags: list[Tag]) -> None:
    call = CallFactory()
    campaign = campaign_with(
        [call], people[:1], status=CLOSED, sampling=AnnotationCampaign.Sampling.IMPORT
    )
    answer(campaign, call, people[0], tags[:2])
    assert reference_labels(campaign)[call.pk].tags == {tags[0].pk, tags[1].pk}


def test_without_a_campaign_only_closed_campaigns_count(
    people: list[User], tags: list[Tag]
) -> None:
    first, second = CallFactory(), CallFactory()
    open_campaign = campaign_with([first], people[:2])
    closed = campaign_with([second], people[:2], status=CLOSED)
    for person in people[:2]:
        answer(open_campaign, first, person, [tags[0]])
        answer(closed, second, person, [tags[1]])

    assert set(reference_labels()) == {second.pk}
    # Named, an open campaign is read (the admin's own progress), still blind to the others.
    assert reference_labels(open_campaign)[first.pk].tags == {tags[0].pk}


def test_an_admins_decision_settles_a_tie(people: list[User], tags: list[Tag]) -> None:
    call: Call = CallFactory()
    campaign = campaign_with([call], people[:2], status=CLOSED)
    answer(campaign, call, people[0], [tags[0], tags[1]])
    answer(campaign, call, people[1], [tags[0]])
    assert reference_labels(campaign)[call.pk].ties == {tags[1].pk}

    TieResolution.objects.create(campaign=campaign, call=call, tag=tags[1], applies=True)
    reference = reference_labels(campaign)[call.pk]
    assert reference.tags == {tags[0].pk, tags[1].pk}
    assert reference.ties == frozenset() and reference.resolved == {tags[1].pk}
    assert reference_labels()[call.pk].tags == {tags[0].pk, tags[1].pk}


def test_a_tie_decided_no_stays_out(people: list[User], tags: list[Tag]) -> None:
    call = CallFactory()
    campaign = campaign_with([call], people[:2], status=CLOSED)
    answer(campaign, call, people[0], [tags[1]])
    answer(campaign, call, people[1])
    TieResolution.objects.create(campaign=campaign, call=call, tag=tags[1], applies=False)
    reference = reference_labels(campaign)[call.pk]
    assert reference.tags == frozenset() and reference.ties == frozenset()


def test_pooled_campaigns_take_each_annotators_latest_answer(
    people: list[User], tags: list[Tag]
) -> None:
    call = CallFactory()
    earlier = campaign_with([call], people[:1], status=CLOSED)
    later = campaign_with([call], people[:1], status=CLOSED)
    answer(earlier, call, people[0], [tags[0]])
    answer(later, call, people[0], [tags[2]])
    assert answers()[call.pk] == {people[0].pk: frozenset({tags[2].pk})}
