"""calls/corrections/vocabulary.py: the words the recognizer gets wrong on a line, from people's
corrections, ranked by how often they were corrected."""

from __future__ import annotations

import pytest

from calls.corrections.services import segment_correct
from calls.corrections.vocabulary import MisheardTerm, misheard_pairs, misheard_terms
from tests.factories import CallFactory, LineFactory, SegmentFactory

pytestmark = pytest.mark.django_db


def _corrected(line: object, heard: str, written: str, index: int = 0) -> int:
    call = CallFactory(line=line)
    segment = SegmentFactory(call=call, index=index, text=heard)
    segment_correct(segment=segment, text=written, user=None)
    return call.pk


def test_terms_are_ranked_by_count_with_what_was_heard_and_their_calls() -> None:
    line = LineFactory(code="sales")
    first = _corrected(line, "Назовите промокот пожалуйста", "Назовите промокод, пожалуйста")
    second = _corrected(line, "у вас есть промокот", "У вас есть промокод?")
    third = _corrected(line, "промо код не подошёл", "Промокод не подошёл")
    fourth = _corrected(line, "Куриер опоздал", "Курьер опоздал")
    # Another line's corrections are not this line's vocabulary.
    _corrected(LineFactory(code="other"), "Куриер опоздал", "Курьер опоздал")

    terms = misheard_terms(line=line)

    assert terms[0] == MisheardTerm(term="промокод", heard=("промокот", "промо код"), count=3,
                                    call_ids=(first, second, third))
    assert terms[1] == MisheardTerm(term="Курьер", heard=("куриер",), count=1,
                                    call_ids=(fourth,))
    assert len(terms) == 2
    assert misheard_terms(line=line, limit=1) == terms[:1]


def test_case_punctuation_and_yo_are_no_correction() -> None:
    assert misheard_pairs("ещё раз, алло", "Еще раз. Алло!") == []


def test_function_words_verbs_and_numbers_are_left_out() -> None:
    # «в» → «на» (a preposition), «ждал» → «ждала» (a verb), «90» → «девяносто» (a number)
    assert misheard_pairs("ждал в линии 90 рублей", "ждала на линии девяносто рублей") == []
    assert misheard_pairs("он сказал", "она сказала") == []


def test_unknown_words_and_adjectives_count() -> None:
    assert misheard_pairs("тариф безлимидный", "тариф безлимитный") == [
        ("безлимитный", "безлимидный")]
    assert misheard_pairs("подключите сберпрайн", "подключите СберПрайм") == [
        ("СберПрайм", "сберпрайн")]


def test_redaction_placeholders_are_not_terms() -> None:
    assert misheard_pairs("карта один два", "карта [карта]") == []


def test_a_line_without_corrections_has_no_terms() -> None:
    line = LineFactory(code="empty")
    SegmentFactory(call=CallFactory(line=line), text="Куриер")
    assert misheard_terms(line=line) == []
