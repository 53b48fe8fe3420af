"""calls/phrases/lemmas.py: every word has lemmas, whatever its script (issue 15 §6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calls.phrases import PhraseRule, PhraseSyntaxError, SegmentText, compile_rules, tokenize
from calls.phrases.lemmas import candidate_lemmas, parses, part_of_speech, top_lemma

TANGUT = "\U0001742d"  # no name in Python 3.11's Unicode database


@pytest.mark.parametrize("word", [TANGUT, "\U0001742d\U00017000", "a" + TANGUT])
def test_a_word_pymorphy3_cannot_read_is_its_own_lemma(word: str) -> None:
    assert parses(word) == []
    assert candidate_lemmas(word) == frozenset({word})
    assert top_lemma(word) == word
    assert part_of_speech(word) is None


def test_a_cyrillic_letter_first_is_an_unknown_word_of_its_own() -> None:
    # pymorphy3 stops at the Cyrillic letter before it looks the Tangut one up.
    assert candidate_lemmas("я" + TANGUT) == frozenset({"я" + TANGUT})


def test_russian_words_keep_their_parses() -> None:
    assert part_of_speech("на") == "PREP"
    assert top_lemma("ждали") == "ждать"


def test_a_phrase_in_a_rare_script_compiles_and_matches() -> None:
    # The matcher ranked its anchor with pymorphy3 directly: KeyError/ValueError, a 500.
    matcher = compile_rules([PhraseRule(key=1, text=f"верните {TANGUT}")])
    [match] = matcher.match([SegmentText(text=f"Верните {TANGUT}!", speaker="customer",
                                         start=0.0, end=2.0)])
    assert (match.token_start, match.token_end) == (0, 1)


@given(text=st.text(min_size=1, max_size=30))
@settings(max_examples=500, deadline=None)
def test_any_unicode_text_is_lemmatized_compiled_and_matched(text: str) -> None:
    for token in tokenize(text):
        assert candidate_lemmas(token.text)
        assert top_lemma(token.text)
    try:
        matcher = compile_rules([PhraseRule(key=1, text=text)])
    except PhraseSyntaxError:
        return
    matches = matcher.match([SegmentText(text=text, speaker="customer", start=0.0, end=1.0)])
    assert all(0 <= m.char_start <= m.char_end <= len(text) for m in matches)
