"""calls/vocabulary/words.py: which words are worth suggesting, and how often the line says them."""

from __future__ import annotations

from calls.vocabulary.sources import Suggestion
from calls.vocabulary.words import (
    Candidate,
    WordKind,
    candidate,
    candidates_in,
    occurrences,
    ranked_suggestions,
)


def test_unknown_and_proper_words_are_names_everyday_words_are_not() -> None:
    # pymorphy3 does not know «промокод»; it still finds the dictionary form of «промокодом».
    assert candidate("промокодом") == Candidate("промокод", WordKind.NAME)
    assert candidate("москвы") == Candidate("Москва", WordKind.NAME)
    assert candidate("iphone") == Candidate("iphone", WordKind.NAME)
    assert candidate("курьера") == Candidate("курьер", WordKind.TERM)
    assert candidate("опоздал") == Candidate("опоздать", WordKind.COMMON)


def test_function_and_everyday_words_are_never_suggested() -> None:
    for word in ("на", "не", "мой", "сей", "раз", "очень", "где", "мы", "да", "10"):
        assert candidate(word) is None, word


def test_candidates_of_texts_are_distinct_in_order_of_appearance() -> None:
    found = candidates_in(["Курьер опоздал", "курьера нет", "промокод не работает"])

    assert [c.term for c in found] == ["курьер", "опоздать", "промокод", "работать"]


def test_occurrences_count_every_word_form_and_terms_of_several_words() -> None:
    transcripts = [(1, "Домашний маркет, курьера нет."), (2, "Курьер и подписку плюс"),
                   (3, "подписка")]

    found = occurrences(["курьер", "подписка плюс", "Домашний маркет", "самокат"], transcripts)

    assert found == {"курьер": (2, (1, 2)), "подписка плюс": (1, (2,)),
                     "Домашний маркет": (1, (1,))}


def test_names_rank_first_then_terms_by_frequency_then_common_words() -> None:
    candidates = candidates_in(["промокод не работает", "курьер", "заказ опоздал"])
    transcripts = [(1, "Промокот не работает, заказ"), (2, "заказ, курьер"), (3, "заказ")]

    ranked = ranked_suggestions(candidates, transcripts)

    # «промокод» is never heard right, yet first: a misheard word looks like that.
    assert ranked == [
        Suggestion("промокод", 0, ()),
        Suggestion("заказ", 3, (1, 2, 3)),
        Suggestion("курьер", 1, (2,)),
        Suggestion("работать", 1, (1,)),
        Suggestion("опоздать", 0, ()),
    ]
