from __future__ import annotations

from calls.phrases import WordSpec, candidate_lemmas, lemmatize_phrase, tokenize
from calls.phrases.lemmas import analyzer


def test_tokenize_lowercases_folds_yo_and_drops_punctuation() -> None:
    tokens = tokenize("Ещё раз: из-за вас, 10:30 и 1,5 часа!")
    assert [t.text for t in tokens] == ["еще", "раз", "из-за", "вас", "10:30", "и", "1,5", "часа"]
    assert [(t.start, t.end) for t in tokens[:2]] == [(0, 3), (4, 7)]


def test_tokenize_splits_letters_from_digits() -> None:
    assert [t.text for t in tokenize("iPhone15 за 5000р")] == ["iphone", "15", "за", "5000", "р"]


def test_candidate_lemmas_cover_ambiguous_forms() -> None:
    assert "ждать" in candidate_lemmas("ждём".replace("ё", "е"))
    assert {"стать", "сталь"} <= candidate_lemmas("стали")
    assert "заблокированный" in candidate_lemmas("заблокированную")
    # Bare digits read as the cardinal and the ordinal («в 2024 году», «до 5 числа»).
    assert candidate_lemmas("40") == frozenset({"40", "40-й"})
    assert candidate_lemmas("сорок") == frozenset({"40"})
    assert candidate_lemmas("сорокового") == frozenset({"40-й"})


def test_unknown_words_are_their_own_candidate() -> None:
    assert "вайлдберриз" in candidate_lemmas("вайлдберриз")


def test_analyzer_is_a_singleton() -> None:
    assert analyzer() is analyzer()


def test_lemmatize_phrase_kinds() -> None:
    words = lemmatize_phrase("«Ждал» на линиИ промокод*")
    assert [w.kind for w in words] == ["exact", "lemma", "lemma", "prefix"]
    assert words[0] == WordSpec("exact", "ждал")
    assert words[2].lemmas == frozenset({"линия"})
    assert words[3].text == "промокод"


def test_a_letter_without_a_unicode_name_is_its_own_lemma() -> None:
    # issue 7 §4: pymorphy3 looks up unicodedata.name() of each letter and raised for a Tangut
    # ideograph, so adding the phrase «𗷥» through the API was a 500.
    assert candidate_lemmas("𗷥") == frozenset({"𗷥"})
    assert lemmatize_phrase("верните 𗷥")[1].lemmas == frozenset({"𗷥"})
