"""Profanity masked for display, never in storage; the voice_words analyser storing cue hits."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from calls.analysis import analyse_calls, analyser_names
from calls.models import CueHit, CueKind, Segment
from calls.voice.words.hits import VOICE_WORDS_ANALYSER, calls_voice_words
from calls.voice.words.masking import mask_profanity
from calls.voice.words.services import load_voice_cues
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cues() -> None:
    load_voice_cues()


def test_mask_keeps_the_first_letter() -> None:
    assert mask_profanity("Да блядь, опять сука не работает") == "Да б***, опять с*** не работает"
    assert mask_profanity("Блин, хорошо") == "Блин, хорошо"
    # Masking is for readers: negation does not spare a word.
    assert mask_profanity("это не пиздец") == "это не п***"


def test_the_template_filter_masks() -> None:
    html = Template("{% load voice_words %}{{ text|mask_profanity }}").render(
        Context({"text": "ну нахуй такое"})
    )
    assert html == "ну н*** такое"


def test_the_analyser_stores_hits_and_keeps_the_transcript() -> None:
    call = call_with_segments(
        ("operator", "Слушаю вас."),
        ("customer", "Я уже третий раз звоню, блядь! Это не очень хорошо."),
        ("customer", "Спасибо, помогли."),
    )
    assert VOICE_WORDS_ANALYSER in analyser_names()
    report = calls_voice_words(call_ids=[call.pk])
    hits = list(CueHit.objects.filter(call=call))
    assert report.hits == len(hits)
    found = {(hit.kind, hit.negated) for hit in hits}
    assert (CueKind.ESCALATION, False) in found
    assert (CueKind.PROFANITY, False) in found
    assert (CueKind.POSITIVE, True) in found
    assert (CueKind.SATISFACTION, False) in found
    escalation = next(hit for hit in hits if hit.kind == CueKind.ESCALATION)
    assert escalation.segment.text[escalation.char_start:escalation.char_end] == escalation.text
    assert 5.0 <= escalation.start < escalation.end <= 9.0
    profanity = next(hit for hit in hits if hit.kind == CueKind.PROFANITY)
    assert profanity.text == "блядь"  # stored as heard
    assert "блядь" in Segment.objects.get(call=call, index=1).text


def test_re_analysis_replaces_hits() -> None:
    call = call_with_segments(("customer", "Безобразие!"))
    analyse_calls(call_ids=[call.pk], only=VOICE_WORDS_ANALYSER)
    analyse_calls(call_ids=[call.pk], only=VOICE_WORDS_ANALYSER)
    assert CueHit.objects.filter(call=call).count() == 1


def test_a_profanity_cue_shows_masked_word_by_word() -> None:
    from calls.voice.words.masking import mask_all_words

    assert mask_all_words("пизд*") == "п***"
    assert mask_all_words("ёб твою") == "ё*** т***"


def test_the_admin_shows_hits_masked() -> None:
    from django.urls import reverse

    from project.roles import Role
    from tests.factories import UserFactory, client_for

    call = call_with_segments(("customer", "Да блядь, сколько можно"))
    calls_voice_words(call_ids=[call.pk])
    admin = client_for(UserFactory(role=Role.ADMIN, is_staff=True))
    page = admin.get(reverse("admin:calls_cuehit_changelist")).content.decode()
    assert "б***" in page and "блядь" not in page
    hit = CueHit.objects.get(call=call, kind=CueKind.PROFANITY)
    detail = admin.get(reverse("admin:calls_cuehit_change", args=[hit.pk])).content.decode()
    assert "б***" in detail and "блядь" not in detail


def test_hits_follow_call_visibility() -> None:
    from project.roles import Role
    from tests.factories import OperatorFactory, UserFactory

    operator = OperatorFactory(user=UserFactory(role=Role.OPERATOR))
    own = call_with_segments(("customer", "Безобразие!"), operator=operator)
    other = call_with_segments(("customer", "Безобразие!"))
    calls_voice_words(call_ids=[own.pk, other.pk])
    visible = CueHit.objects.visible_to(operator.user)
    assert set(visible.values_list("call_id", flat=True)) == {own.pk}
