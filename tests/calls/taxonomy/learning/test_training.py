"""calls/taxonomy/learning/{labels,training,tasks}.py and the learn_tags command."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import CommandError
from django.test import override_settings

from calls.learning.learner import LabelModel
from calls.models import CallTag, CallTagChange, LearnedTagModel
from calls.taxonomy.learning.labels import MANUAL_WEIGHT, labels_stamp, tag_labels
from calls.taxonomy.learning.tasks import retrain_learned_tags
from calls.taxonomy.learning.training import (
    labels_changed_since_training,
    learned_tag_model_set_enabled,
    learned_tag_models_train,
)
from calls.taxonomy.services import call_tag_add, call_tag_remove
from tests.calls.taxonomy.learning.conftest import LabelledWorld

pytestmark = pytest.mark.django_db


def test_labels_come_from_annotations_then_manual_tags(labelled_world: LabelledWorld) -> None:
    world = labelled_world
    tags = list(world.tags.values())
    labels = tag_labels(tags)
    annotated = [label for label in labels if label.weight == 1.0]
    # Every annotated call is a yes or a no for every tag; «none applies» a no for all.
    assert len(annotated) == len(world.annotated) * len(tags)
    neutral = world.calls["neutral-0"].pk
    assert {label.value for label in annotated if label.call_id == neutral} == {False}
    # A person tags an unannotated call and removes a tag from another: half-weight labels.
    unseen = world.calls["delivery_delay-1"]
    call_tag_add(call=unseen, tag=world.tags["delivery_delay"], user=None)
    removed = world.calls["neutral-1"]
    call_tag_add(call=removed, tag=world.tags["app_not_working"], user=None)
    call_tag_remove(call=removed, tag=world.tags["app_not_working"], user=None)
    manual = {
        (label.call_id, label.key, label.value)
        for label in tag_labels(tags)
        if label.weight == MANUAL_WEIGHT
    }
    assert (unseen.pk, "delivery_delay", True) in manual
    assert (removed.pk, "app_not_working", False) in manual


def test_training_stores_a_json_model_per_tag_and_keeps_it_off(
    labelled_world: LabelledWorld,
) -> None:
    results = learned_tag_models_train()
    assert {r.tag.code for r in results if r.model is not None} == set(labelled_world.tags)
    model = LearnedTagModel.objects.get(tag=labelled_world.tags["double_charge"])
    assert model.is_enabled is False
    assert model.n_positive == 3
    assert model.n_negative == 9
    assert model.cv_recall is not None
    assert model.labels_stamp == labels_stamp()
    assert LabelModel.from_json(model.parameters).key == "double_charge"


def test_retraining_keeps_an_admins_choice(labelled_world: LabelledWorld) -> None:
    learned_tag_models_train()
    model = LearnedTagModel.objects.get(tag=labelled_world.tags["app_not_working"])
    learned_tag_model_set_enabled(model=model, enabled=True, user=None)
    learned_tag_models_train(codes=["app_not_working"])
    model.refresh_from_db()
    assert model.is_enabled is True


@pytest.mark.parametrize(("threshold", "turned_on"), [(0.0, True), (1.01, False)])
def test_accept_turns_on_tags_whose_precision_reaches_the_threshold(
    labelled_world: LabelledWorld, threshold: float, turned_on: bool
) -> None:
    results = learned_tag_models_train(accept=True, min_precision=threshold)
    precise = {
        r.tag.code for r in results if r.model is not None and r.model.cv_precision is not None
    }
    assert precise, "some model proposed something in cross-validation"
    enabled = set(
        LearnedTagModel.objects.filter(is_enabled=True).values_list("tag__code", flat=True)
    )
    assert enabled == (precise if turned_on else set())


def test_learn_tags_command_prints_cv_figures_in_russian(
    labelled_world: LabelledWorld, run_command: Callable[..., str]
) -> None:
    with override_settings(LEARNED_TAGS_MIN_PRECISION=0.0):
        output = run_command("learn_tags", "--tag", "double_charge", "--accept")
    assert "double_charge «Двойное списание»: точность" in output
    assert "полнота" in output and "на кросс-валидации" in output
    assert "3\u00a0звонка с тегом, 9\u00a0звонков без" in output
    assert "Обучено: 1\u00a0модель" in output
    assert LearnedTagModel.objects.get().tag.code == "double_charge"
    with pytest.raises(CommandError, match="не найден"):
        run_command("learn_tags", "--tag", "nope")


def test_the_schedule_retrains_only_when_labels_changed(labelled_world: LabelledWorld) -> None:
    assert labels_changed_since_training() is True
    assert retrain_learned_tags().startswith("retrained 3")
    assert labels_changed_since_training() is False
    assert retrain_learned_tags() == "labels unchanged"
    call_tag_add(
        call=labelled_world.calls["app_not_working-1"],
        tag=labelled_world.tags["app_not_working"],
        user=None,
    )
    assert labels_changed_since_training() is True
    assert CallTagChange.objects.exists() and CallTag.objects.manual().exists()
