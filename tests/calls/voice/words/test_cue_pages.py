"""The cue lists' page: who reads and edits, the engine's Russian errors, edits taking effect
without a restart (issue 18 §2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from calls.models import Cue, CueKind, CueList
from calls.phrases import SegmentText
from calls.voice.words.cue_sets import CUE_PHRASES
from calls.voice.words.scoring import segment_word_scores
from calls.voice.words.services import load_voice_cues
from project.roles import Role
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cues() -> None:
    load_voice_cues()


def escalation() -> CueList:
    return CueList.objects.get(kind=CueKind.ESCALATION)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ANNOTATOR])
def test_operators_and_annotators_see_no_cues(role: Role) -> None:
    client = client_for(UserFactory(role=role))
    cue = Cue.objects.filter(cue_list=escalation()).first()
    assert client.get(reverse("voice_words:cues")).status_code == 403
    assert client.get(reverse("voice_words:cue-edit", args=[cue.pk])).status_code == 403
    assert client.post(reverse("voice_words:cue-delete", args=[cue.pk])).status_code == 403
    assert Cue.objects.filter(pk=cue.pk).exists()


def test_managers_read_but_do_not_edit() -> None:
    client = client_for(UserFactory(role=Role.MANAGER))
    page = client.get(reverse("voice_words:cues"))
    assert page.status_code == 200
    assert "сколько можно" in page.content.decode()
    assert reverse("voice_words:cue-create", args=["escalation"]) not in page.content.decode()
    response = client.post(reverse("voice_words:cue-create", args=["escalation"]),
                           {"text": "ну сколько же", "speaker": "customer", "max_gap": 1,
                            "window_kind": "none", "weight": 1, "is_active": "on"})
    assert response.status_code == 403


def test_a_trainer_adds_a_cue_and_the_next_call_uses_it() -> None:
    client = client_for(UserFactory(role=Role.TRAINER))
    segments = [SegmentText("customer", 0, 4, "Это просто форменное свинство")]
    before = CUE_PHRASES.compiled()
    assert segment_word_scores(segments)[0].escalation_hits == 0
    response = client.post(reverse("voice_words:cue-create", args=["escalation"]),
                           {"text": "свинство", "speaker": "customer", "max_gap": 1,
                            "window_kind": "none", "weight": 2.5, "is_active": "on",
                            "action": "save"})
    assert response.status_code == 302
    assert CUE_PHRASES.compiled() is not before  # the edit changed the stamp: recompiled
    [score] = segment_word_scores(segments)
    assert score.escalation_hits == 1 and score.escalation == 2.5


def test_a_trainer_edits_and_deletes_a_cue() -> None:
    client = client_for(UserFactory(role=Role.TRAINER))
    cue = Cue.objects.get(cue_list=escalation(), text="безобразие")
    response = client.post(reverse("voice_words:cue-edit", args=[cue.pk]),
                           {"text": "форменное безобразие", "speaker": "customer", "max_gap": 1,
                            "window_kind": "none", "weight": 3, "is_active": "on",
                            "action": "save"})
    assert response.status_code == 302
    cue.refresh_from_db()
    assert (cue.text, cue.weight) == ("форменное безобразие", 3.0)
    segments = [SegmentText("customer", 0, 4, "Безобразие!")]
    assert segment_word_scores(segments)[0].escalation_hits == 0
    client.post(reverse("voice_words:cue-delete", args=[cue.pk]))
    assert not Cue.objects.filter(pk=cue.pk).exists()


def test_a_bad_phrase_gives_a_russian_form_error() -> None:
    client = client_for(UserFactory(role=Role.TRAINER))
    response = client.post(reverse("voice_words:cue-create", args=["confusion"]),
                           {"text": "«не понимаю", "speaker": "customer", "max_gap": 1,
                            "window_kind": "none", "weight": 1, "action": "save"})
    assert response.status_code == 200
    assert "Незакрытая кавычка" in response.content.decode()
    duplicate = client.post(reverse("voice_words:cue-create", args=["confusion"]),
                            {"text": "не понимаю", "speaker": "customer", "max_gap": 1,
                             "window_kind": "none", "weight": 1, "action": "save"})
    assert "уже есть в этом списке" in duplicate.content.decode()


def test_try_shows_matches_without_saving() -> None:
    from tests.factories import call_with_segments

    call = call_with_segments(("customer", "Да сколько можно, третий раз звоню!"))
    call.status = call.Status.ANALYSED
    call.save()
    client = client_for(UserFactory(role=Role.TRAINER))
    count = Cue.objects.count()
    response = client.post(reverse("voice_words:cue-create", args=["escalation"]),
                           {"text": "третий раз звонить", "speaker": "customer", "max_gap": 1,
                            "window_kind": "none", "weight": 1, "action": "try"})
    assert response.status_code == 200
    assert "<mark>третий раз звоню</mark>" in response.content.decode()
    assert Cue.objects.count() == count


def test_profanity_is_masked_on_the_page() -> None:
    page = client_for(UserFactory(role=Role.TRAINER)).get(reverse("voice_words:cues"))
    text = page.content.decode()
    assert "сука" not in text and "с***" in text


def test_the_nav_links_the_page_for_trainers_not_operators() -> None:
    url = reverse("voice_words:cues")
    trainer = client_for(UserFactory(role=Role.TRAINER)).get(reverse("calls:list"))
    operator = client_for(UserFactory(role=Role.OPERATOR)).get(reverse("calls:list"))
    assert url in trainer.content.decode()
    assert url not in operator.content.decode()


def test_trying_a_new_profanity_phrase_masks_what_it_matched() -> None:
    from tests.factories import call_with_segments

    call = call_with_segments(("customer", "Да это просто жопа какая-то"))
    call.status = call.Status.ANALYSED
    call.save()
    client = client_for(UserFactory(role=Role.TRAINER))
    response = client.post(reverse("voice_words:cue-create", args=["profanity"]),
                           {"text": "жопа", "speaker": "customer", "max_gap": 1,
                            "window_kind": "none", "weight": 1, "action": "try"})
    text = response.content.decode()
    assert "<mark>ж***</mark>" in text and "жопа" not in text.split("data-try-result")[1]
