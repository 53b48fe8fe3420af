"""calls/phrase_runtime/tryout.py: the share of recent calls a phrase would mark."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls.phrase_runtime.tryout import phrase_try
from calls.phrases import PhraseRule, PhraseSyntaxError
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


def test_share_and_the_broad_phrase_warning(settings: Any) -> None:
    for text in ["Спасибо", "Спасибо большое", "Алло", "Здравствуйте"]:
        call_with_segments(("customer", text))

    result = phrase_try(rule=PhraseRule(key="try", text="спасибо"))
    assert (result.scanned, result.tagged, result.share_percent) == (4, 2, 50)
    assert result.too_broad

    settings.PHRASE_TRY_BROAD_SHARE = 0.6
    assert not phrase_try(rule=PhraseRule(key="try", text="спасибо")).too_broad


# Letters of every kind, rare scripts (Tangut U+1742D, unassigned code points) and NUL-free
# controls: what a transcript or a phrase may hold (issue 15 §6).
_ANY_TEXT = st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=30)


@given(transcript=_ANY_TEXT, phrase=_ANY_TEXT)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_unicode_transcript_and_phrase_are_tried_without_a_crash(
    transcript: str, phrase: str,
) -> None:
    call_with_segments(("customer", transcript), ("operator", "\U0001742d " + transcript))
    try:
        result = phrase_try(rule=PhraseRule(key="try", text=phrase))
    except PhraseSyntaxError:
        return
    assert result.tagged <= result.scanned


def test_a_phrase_in_a_rare_script_finds_its_word() -> None:
    call_with_segments(("customer", "верните \U0001742d сейчас"))
    result = phrase_try(rule=PhraseRule(key="try", text="\U0001742d"))
    assert (result.scanned, result.tagged) == (1, 1)


def test_a_sample_names_its_call_by_its_title() -> None:
    call_with_segments(("customer", "Спасибо"), external_id="sha256:" + "ab" * 16,
                       original_name="2026-11-20 Иванова.wav")
    call_with_segments(("customer", "Спасибо"), external_id="CRM-7")

    result = phrase_try(rule=PhraseRule(key="try", text="спасибо"))

    assert sorted(sample.title for sample in result.samples) == [
        "2026-11-20 Иванова.wav", "CRM-7"]


def test_a_phrase_in_digits_finds_a_number_said_in_words_and_marks_all_its_words() -> None:
    call_with_segments(("customer", "Списали две тысячи рублей"))
    call_with_segments(("customer", "Как мне внести 90 рублей?"))
    call_with_segments(("customer", "Внести девяносто пять рублей"))

    result = phrase_try(rule=PhraseRule(key="try", text="2000 рублей"))
    assert (result.scanned, result.tagged) == (3, 1)
    marked = [part.text for part in result.samples[0].parts if part.marked]
    assert marked == ["две тысячи рублей"]

    result = phrase_try(rule=PhraseRule(key="try", text="внести девяносто рублей"))
    assert result.tagged == 1  # «девяносто пять» is 95
    assert [part.text for part in result.samples[0].parts if part.marked] == ["внести 90 рублей"]
