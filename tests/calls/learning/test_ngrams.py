"""calls/learning/ngrams.py: n-grams that separate a label's calls, measured with the engine."""

from __future__ import annotations

from calls.learning.ngrams import segment_ngrams, separating_ngrams
from calls.phrases import SegmentText


def call(*texts: str) -> list[SegmentText]:
    return [SegmentText("customer", i * 5.0, i * 5.0 + 4.0, text) for i, text in enumerate(texts)]


def test_ngrams_start_and_end_with_a_content_word_or_a_leading_negation() -> None:
    grams = segment_ngrams("Курьер не приехал к дому")
    assert ("курьер",) in grams
    assert ("не", "приехать") in grams
    assert ("курьер", "не", "приехать") in grams
    assert ("приехать", "к") not in grams
    assert ("не",) not in grams


def test_separating_ngrams_rank_by_log_odds_and_measure_with_the_engine() -> None:
    segments_of = {
        1: call("Курьер не приехал вчера"),
        2: call("Курьер так и не приехал"),
        3: call("Курьер не приехал, жду"),
        4: call("Курьер приехал вовремя, спасибо"),  # «не приехал» is not here: the engine knows
        5: call("Хочу изменить адрес"),
        6: call("Подскажите про бонусы"),
    }
    found = separating_ngrams(segments_of=segments_of, positive={1, 2, 3}, covered={1}, limit=5)
    by_text = {candidate.text: candidate for candidate in found}
    assert "не приехать" in by_text
    best = by_text["не приехать"]
    assert best.call_ids == {1, 2, 3}
    assert best.precision == 1.0
    assert best.recall_gain == round(2 / 3, 4)  # call 1 was found already
    assert best.z > 0 and best.log_odds > 0
    # «курьер» is in a call without the label too: less precise, ranked below.
    assert by_text["курьер"].precision == 0.75
    assert found.index(best) < found.index(by_text["курьер"])


def test_a_phrase_that_adds_no_recall_is_not_suggested() -> None:
    segments_of = {1: call("Курьер не приехал"), 2: call("Курьер не приехал"), 3: call("Адрес")}
    assert separating_ngrams(segments_of=segments_of, positive={1, 2}, covered={1, 2}) == []
