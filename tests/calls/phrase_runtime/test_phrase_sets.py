"""calls/phrase_runtime/phrase_sets.py: a stored phrase set compiled once per process, rebuilt
when stale, with one conversion of a phrase row into an engine rule."""

from __future__ import annotations

import pytest

from calls.models import KeyPhrase, Tag, WindowKind, phrase_rule
from calls.phrase_runtime.phrase_sets import PhraseSet, owners_and_phrases_stamp
from calls.phrase_runtime.transcripts import load_transcripts
from calls.phrases import PhraseSyntaxError, compile_rules
from tests.factories import KeyPhraseFactory, call_with_segments

pytestmark = pytest.mark.django_db


def _tag_phrases() -> PhraseSet:
    return PhraseSet(
        name="test", phrases=lambda: KeyPhrase.objects.active().order_by("id"),
        owner_field="tag_id", stamp=lambda: owners_and_phrases_stamp(Tag.objects.all(), "phrases"),
    )


def test_a_row_and_a_form_convert_the_same_way() -> None:
    phrase = KeyPhraseFactory(text="ждал на линии", speaker="customer", max_gap=2,
                              window_kind=WindowKind.FIRST, window_seconds=30)
    typed = phrase_rule(key=phrase.pk, text="ждал на линии", speaker="customer", max_gap=2,
                        window_kind="first", window_seconds=30)
    assert phrase.rule() == typed
    assert typed.window == ("first", 30.0)
    assert phrase_rule(key=1, text="x", speaker="any", max_gap=1, window_kind="none",
                       window_seconds=None).window is None


def test_a_zero_second_window_is_refused_not_widened_to_the_whole_call() -> None:
    rule = phrase_rule(key=1, text="добрый день", speaker="operator", max_gap=1,
                       window_kind="first", window_seconds=0)
    with pytest.raises(PhraseSyntaxError):
        compile_rules([rule])


def test_widest_evidence_per_owner_and_rebuild_only_when_stale() -> None:
    short = KeyPhraseFactory(text="надо подумать")
    KeyPhraseFactory(tag=short.tag, text="мне надо подумать")
    call = call_with_segments(("customer", "Ну, мне надо подумать"))
    phrases = _tag_phrases()

    compiled = phrases.compiled()
    assert phrases.compiled() is compiled
    found = compiled.find(load_transcripts([call.pk])[0])
    assert [item.text for item in found[short.tag_id]] == ["мне надо подумать"]

    short.is_active = False
    short.save()
    assert phrases.compiled() is not compiled


def test_evidence_of_a_number_quotes_all_its_words_as_said() -> None:
    words = KeyPhraseFactory(text="внести 95 рублей")
    digits = KeyPhraseFactory(text="две тысячи", speaker="any")
    call = call_with_segments(("customer", "Как внести девяносто пять рублей?"),
                              ("operator", "Списано 2 000 руб."))

    found = _tag_phrases().compiled().find(load_transcripts([call.pk])[0])

    assert [item.text for item in found[words.tag_id]] == ["внести девяносто пять рублей"]
    assert [item.text for item in found[digits.tag_id]] == ["2 000"]
