"""calls/taxonomy/learning/tagging.py: the learned-tags analyser."""

from __future__ import annotations

import time

import pytest

from calls.analysis import analyse_calls, analysers_for
from calls.models import CallTag, LearnedTagModel
from calls.taxonomy.learning.tagging import LEARNED_TAGS_ANALYSER, calls_learned_tag
from calls.taxonomy.learning.training import (
    learned_tag_model_set_enabled,
    learned_tag_models_train,
)
from calls.taxonomy.services import call_tag_remove
from tests.calls.taxonomy.learning.conftest import LabelledWorld

pytestmark = pytest.mark.django_db


def enable_all() -> None:
    learned_tag_models_train()
    for model in LearnedTagModel.objects.all():
        learned_tag_model_set_enabled(model=model, enabled=True, user=None)


def test_it_runs_after_the_phrase_tags_in_analysis_and_reanalysis() -> None:
    assert [a.name for a in analysers_for("tags")][:2] == ["tags", LEARNED_TAGS_ANALYSER]


def test_nothing_is_proposed_until_a_model_is_turned_on(labelled_world: LabelledWorld) -> None:
    learned_tag_models_train()
    ids = [call.pk for call in labelled_world.calls.values()]
    assert calls_learned_tag(call_ids=ids).tags == 0
    assert not CallTag.objects.learned().exists()


def test_the_analyser_replaces_model_tags_with_confidence_and_reasons(
    labelled_world: LabelledWorld,
) -> None:
    enable_all()
    ids = [call.pk for call in labelled_world.calls.values()]
    stale = CallTag.objects.create(
        call=labelled_world.calls["neutral-5"],
        tag=labelled_world.tags["delivery_delay"],
        source=CallTag.Source.MODEL,
        confidence=0.99,
    )
    report = analyse_calls(call_ids=ids, only=LEARNED_TAGS_ANALYSER)[LEARNED_TAGS_ANALYSER]
    learned = list(CallTag.objects.learned())
    assert report.tags == len(learned) > 0  # type: ignore[attr-defined]
    assert not CallTag.objects.filter(pk=stale.pk).exists()
    for call_tag in learned:
        assert 0.0 < call_tag.confidence <= 1.0
        for reason in call_tag.reasons:
            assert set(reason) == {"text", "segment", "start", "end", "weight"}
    # Phrase and manual tags are untouched.
    assert CallTag.objects.auto().count() == 3


def test_a_tag_a_person_removed_is_not_proposed_again(labelled_world: LabelledWorld) -> None:
    enable_all()
    ids = [call.pk for call in labelled_world.calls.values()]
    calls_learned_tag(call_ids=ids)
    proposed = CallTag.objects.learned().select_related("call", "tag").first()
    assert proposed is not None
    call_tag_remove(call=proposed.call, tag=proposed.tag, user=None)
    calls_learned_tag(call_ids=ids)
    assert not CallTag.objects.learned().filter(call=proposed.call, tag=proposed.tag).exists()


def test_a_call_costs_well_under_20_ms(labelled_world: LabelledWorld) -> None:
    enable_all()
    ids = [call.pk for call in labelled_world.calls.values()]
    calls_learned_tag(call_ids=ids[:1])  # word vectors and the compiled models, once a process
    started = time.perf_counter()
    for call_id in ids:
        calls_learned_tag(call_ids=[call_id])
    per_call = (time.perf_counter() - started) / len(ids)
    assert per_call < 0.020
