"""The learned-models page (admins only) and the call page's «Теги по модели» panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from calls.models import CallTag, LearnedTagModel, ReanalysisRun
from calls.taxonomy.learning.tagging import LEARNED_TAGS_ANALYSER
from calls.taxonomy.learning.training import learned_tag_models_train
from project.roles import Role
from tests.calls.taxonomy.learning.conftest import LabelledWorld
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TRAINER, Role.MANAGER])
def test_only_admins_see_the_page_and_turn_models_on(
    labelled_world: LabelledWorld, role: Role
) -> None:
    learned_tag_models_train()
    client = client_for(UserFactory(role=role))
    assert client.get(reverse("taxonomy:learning")).status_code == 403
    response = client.post(reverse("taxonomy:learning-enable", args=["double_charge"]))
    assert response.status_code == 403
    assert not LearnedTagModel.objects.filter(is_enabled=True).exists()


def test_an_admin_sees_cv_figures_and_turns_proposals_on_and_off(
    labelled_world: LabelledWorld,
) -> None:
    learned_tag_models_train()
    admin = UserFactory(role=Role.ADMIN, first_name="Ирина", last_name="Петрова")
    client = client_for(admin)
    page = client.get(reverse("taxonomy:learning")).content.decode()
    assert 'data-learned-model="double_charge"' in page
    assert "3\u00a0звонка с тегом, 9\u00a0звонков без" in page
    assert "tag=double_charge&amp;tag_source=model" in page

    response = client.post(reverse("taxonomy:learning-enable", args=["double_charge"]))
    assert response.status_code == 302
    model = LearnedTagModel.objects.get(tag__code="double_charge")
    assert model.is_enabled and model.enabled_by == admin
    assert "Ирина Петрова" in client.get(reverse("taxonomy:learning")).content.decode()
    client.post(reverse("taxonomy:learning-disable", args=["double_charge"]))
    model.refresh_from_db()
    assert not model.is_enabled
    assert client.post(reverse("taxonomy:learning-enable", args=["nope"])).status_code == 404


def test_the_call_page_shows_model_tags_apart_with_reasons_that_seek(
    labelled_world: LabelledWorld,
) -> None:
    call = labelled_world.calls["double_charge-3"]
    CallTag.objects.create(
        call=call,
        tag=labelled_world.tags["double_charge"],
        source=CallTag.Source.MODEL,
        confidence=0.91,
        reasons=[
            {
                "text": "Пришло две смс о списании, а покупка одна.",
                "segment": 2,
                "start": 10.0,
                "end": 14.0,
                "weight": 0.4,
            }
        ],
    )
    page = (
        client_for(UserFactory(role=Role.ADMIN))
        .get(reverse("calls:detail", args=[call.pk]))
        .content.decode()
    )
    panel = page[page.index("data-call-model-tags") :]
    assert "Теги по модели" in page
    assert 'data-model-tag="double_charge"' in panel
    assert "уверенность 91%" in panel
    assert 'data-start="10.0"' in panel and 'data-segment="2"' in panel
    # Not merged into the phrase tags' list.
    tags_card = page[page.index("data-call-tags") : page.index("data-call-model-tags")]
    assert 'data-tag="double_charge"' not in tags_card


def test_calls_list_filters_by_tag_source(labelled_world: LabelledWorld) -> None:
    call = labelled_world.calls["double_charge-3"]
    CallTag.objects.create(
        call=call,
        tag=labelled_world.tags["double_charge"],
        source=CallTag.Source.MODEL,
        confidence=0.9,
    )
    client = client_for(UserFactory(role=Role.ADMIN))
    page = client.get(
        reverse("calls:list"), {"tag": "double_charge", "tag_source": "model"}
    ).content.decode()
    assert call.external_id in page
    assert labelled_world.calls["double_charge-0"].external_id not in page


def test_turning_a_model_on_recounts_the_archive_and_off_takes_its_tags_away(
    labelled_world: LabelledWorld,
) -> None:
    learned_tag_models_train()
    client = client_for(UserFactory(role=Role.ADMIN))
    client.post(reverse("taxonomy:learning-enable", args=["double_charge"]))
    run = ReanalysisRun.objects.get()
    assert run.analyser == LEARNED_TAGS_ANALYSER

    call = labelled_world.calls["double_charge-3"]
    tag = labelled_world.tags["double_charge"]
    CallTag.objects.get_or_create(call=call, tag=tag, source=CallTag.Source.MODEL,
                                  defaults={"confidence": 0.9})
    CallTag.objects.get_or_create(call=call, tag=tag, source=CallTag.Source.MANUAL)
    response = client.post(reverse("taxonomy:learning-disable", args=["double_charge"]),
                           follow=True)
    assert "сняты со звонков архива" in response.content.decode()
    assert not CallTag.objects.filter(tag=tag, source=CallTag.Source.MODEL).exists()
    # A person's tag is a person's judgement: turning a model off never touches it.
    assert CallTag.objects.filter(call=call, tag=tag, source=CallTag.Source.MANUAL).exists()
