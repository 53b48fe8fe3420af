"""calls/taxonomy/annotation/queries.py: progress, the queue and its next call, the answers side
by side and the open ties."""

from __future__ import annotations

import pytest

from calls.models import AnnotationCampaign, TieResolution
from calls.taxonomy.annotation.queries import (
    annotator_items,
    answered_by_all,
    campaign_answers,
    campaign_progress,
    next_item,
    open_ties,
)
from tests.factories import CallFactory, TagFactory
from tests.factories_annotation import annotator, answer, campaign_with

pytestmark = pytest.mark.django_db


def test_progress_queue_and_next_call() -> None:
    people = [annotator("a1"), annotator("a2")]
    calls = [CallFactory(), CallFactory(), CallFactory()]
    campaign = campaign_with(calls, people)
    answer(campaign, calls[1], people[0])

    assert [(row.user, row.answered, row.total) for row in campaign_progress(campaign)] == [
        (people[0], 1, 3),
        (people[1], 0, 3),
    ]
    assert [item.answered for item in annotator_items(people[0])] == [False, True, False]
    assert next_item(people[0], campaign, calls[0]).call == calls[2]  # type: ignore[union-attr]
    assert next_item(people[0], campaign, calls[2]).call == calls[0]  # type: ignore[union-attr]
    assert not answered_by_all(campaign)
    for person in people:
        for call in calls:
            if (person, call) != (people[0], calls[1]):  # answered above
                answer(campaign, call, person)
    assert answered_by_all(campaign)
    assert next_item(people[0], campaign, calls[0]) is None


def test_answers_side_by_side_and_ties_after_closing() -> None:
    people = [annotator("b1"), annotator("b2")]
    call, silent = CallFactory(), CallFactory()
    late, rude = TagFactory(code="late"), TagFactory(code="rude")
    campaign = campaign_with([call, silent], people, status=AnnotationCampaign.Status.CLOSED)
    answer(campaign, call, people[1], [late, rude])
    answer(campaign, call, people[0], [late])

    rows = campaign_answers(campaign)
    first = rows[0]
    assert [answer_.annotator for answer_ in first.answers] == people  # type: ignore[union-attr]
    assert first.reference_tags == [late] and first.tie_tags == [rude]
    assert rows[1].answers == [None, None] and rows[1].reference is None
    assert [(tie.call, tie.tag, tie.votes) for tie in open_ties(campaign)] == [(call, rude, 1)]
    TieResolution.objects.create(campaign=campaign, call=call, tag=rude, applies=False)
    assert open_ties(campaign) == []
