"""calls/vocabulary/services.py: a word once per line, a word and not a sentence, no more than
the cap."""

from __future__ import annotations

import pytest
from django.test import override_settings

from calls.vocabulary.services import (
    VocabularyConflict,
    VocabularyInvalid,
    clean_term,
    line_term_add,
    line_term_remove,
    line_vocabulary_set_decoder,
)
from tests.factories import LineFactory

pytestmark = pytest.mark.django_db


def test_a_term_is_cleaned_of_spaces_and_surrounding_punctuation() -> None:
    assert clean_term("  «Домашний \t маркет». ") == "Домашний маркет"


def test_a_word_is_added_once_per_line_ignoring_case_and_yo() -> None:
    line, other = LineFactory(code="a"), LineFactory(code="b")
    line_term_add(line=line, term="Ёлка", user=None)
    line_term_add(line=other, term="ёлка", user=None)

    with pytest.raises(VocabularyConflict):
        line_term_add(line=line, term="елка", user=None)
    assert line.terms.count() == 1 and other.terms.count() == 1


@pytest.mark.parametrize("text", ["", " , ", "как мне внести девяносто рублей сегодня"])
def test_an_empty_term_or_a_sentence_is_refused(text: str) -> None:
    with pytest.raises(VocabularyInvalid):
        line_term_add(line=LineFactory(), term=text, user=None)


@override_settings(LINE_VOCABULARY_MAX_TERMS=2)
def test_no_more_than_the_cap() -> None:
    line = LineFactory()
    line_term_add(line=line, term="промокод", user=None)
    second = line_term_add(line=line, term="курьер", user=None)

    with pytest.raises(VocabularyConflict, match="это предел"):
        line_term_add(line=line, term="самовывоз", user=None)
    line_term_remove(line=line, term_id=second.pk)
    line_term_add(line=line, term="самовывоз", user=None)
    assert list(line.terms.values_list("term", flat=True)) == ["промокод", "самовывоз"]


def test_the_switch() -> None:
    line = LineFactory()

    assert not line_vocabulary_set_decoder(line=line, on=False).vocabulary_to_decoder
    line.refresh_from_db()
    assert not line.vocabulary_to_decoder
