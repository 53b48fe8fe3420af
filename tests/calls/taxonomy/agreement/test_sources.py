"""Each tag source's precision and recall against the annotators' reference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallTag
from calls.taxonomy.agreement.sources import source_accuracy, source_totals
from project.roles import Role
from project.stats.intervals import wilson_interval
from tests.calls.taxonomy.agreement.annotations import answer, campaign
from tests.factories import CallFactory, CallTagFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_precision_and_recall_of_each_source_with_their_calls() -> None:
    tag = TagFactory(name="Задержка доставки")
    anna, boris = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    run = campaign(annotators=[anna, boris])
    calls = [CallFactory() for _ in range(6)]
    # Reference: calls 0, 1, 2 have the tag (both chose it); 3, 4 not; 5 a tie (left out).
    for call in calls[:3]:
        answer(run, call, anna, [tag])
        answer(run, call, boris, [tag])
    for call in calls[3:5]:
        answer(run, call, anna, [])
        answer(run, call, boris, [])
    answer(run, calls[5], anna, [tag])
    answer(run, calls[5], boris, [])
    # Phrases found it on 0, 1 (right), 3 (wrong) and 5 (tie: not counted).
    for index in (0, 1, 3, 5):
        CallTagFactory(call=calls[index], tag=tag, source=CallTag.Source.AUTO)
    # The model on 2 only; a person by hand on 4 before the campaign closed (an honest miss).
    CallTagFactory(call=calls[2], tag=tag, source=CallTag.Source.MODEL, confidence=0.9)
    CallTagFactory(
        call=calls[4],
        tag=tag,
        source=CallTag.Source.MANUAL,
        created_at=timezone.now() - timedelta(days=3),
    )
    rows = {row.source: row for row in source_accuracy(campaign=run) if row.tag == tag}
    auto = rows[CallTag.Source.AUTO]
    assert auto.calls == 5
    assert auto.true_positives == (calls[0].pk, calls[1].pk)
    assert auto.false_positives == (calls[3].pk,)
    assert auto.false_negatives == (calls[2].pk,)
    assert auto.precision == pytest.approx(2 / 3) and auto.recall == pytest.approx(2 / 3)
    assert auto.precision_interval == wilson_interval(2, 3)
    model = rows[CallTag.Source.MODEL]
    assert (model.precision, model.recall) == (1.0, pytest.approx(1 / 3))
    manual = rows[CallTag.Source.MANUAL]
    assert manual.precision == 0.0 and manual.false_positives == (calls[4].pk,)
    [auto_total, model_total, manual_total] = source_totals(source_accuracy(campaign=run))
    assert auto_total.source == CallTag.Source.AUTO and auto_total.tag is None
    assert (auto_total.found, auto_total.relevant) == (3, 3)


def test_manual_tags_the_campaign_wrote_are_not_a_source() -> None:
    tag = TagFactory()
    anna, boris = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    run = campaign(annotators=[anna, boris])
    call = CallFactory()
    answer(run, call, anna, [tag])
    answer(run, call, boris, [tag])
    # Closing applied the reference as manual tags: agreeing with itself says nothing.
    run.labels_applied_at = timezone.now()
    run.save(update_fields=["labels_applied_at"])
    CallTagFactory(call=call, tag=tag, source=CallTag.Source.MANUAL)
    rows = {row.source: row for row in source_accuracy(campaign=run)}
    manual = rows[CallTag.Source.MANUAL]
    assert manual.found == 0 and manual.precision is None
    assert manual.false_negatives == (call.pk,) and manual.recall == 0.0


def test_no_annotations_no_rows() -> None:
    assert source_accuracy(campaign=campaign("Пустая")) == []
