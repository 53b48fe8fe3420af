"""calls/corrections/words.py: a corrected segment's words keep the times of unchanged words."""

from __future__ import annotations

from calls.corrections.words import normalised_word, realign_words
from calls.phrases import SegmentText, WordTiming
from calls.phrases.timing import span_time
from calls.redaction.transcript import _align


def _heard() -> list[dict]:
    return [
        {"start": 1.0, "end": 1.4, "word": "Назовите", "probability": 0.9},
        {"start": 1.5, "end": 1.9, "word": "промокот,", "probability": 0.4},
        {"start": 2.0, "end": 2.3, "word": "пожалуйста", "probability": 0.9},
    ]


def test_unchanged_words_keep_their_times_and_changed_ones_share_the_replaced_seconds() -> None:
    words = realign_words(_heard(), "Назовите промокод, пожалуйста.", start=1.0)
    assert words == [
        {"start": 1.0, "end": 1.4, "word": "Назовите", "probability": 0.9},
        {"start": 1.5, "end": 1.9, "word": "промокод,", "estimated": True},
        # Punctuation is no change: the time and the probability stay.
        {"start": 2.0, "end": 2.3, "word": "пожалуйста.", "probability": 0.9},
    ]


def test_added_and_removed_words() -> None:
    words = realign_words(_heard(), "Назовите ваш промокод", start=1.0)
    assert [w["word"] for w in words or []] == ["Назовите", "ваш", "промокод"]
    # «ваш промокод» replaces «промокот, пожалуйста»: the seconds 1.5–2.3 shared by two.
    assert [(w["start"], w["end"]) for w in words or []] == [(1.0, 1.4), (1.5, 1.9), (1.9, 2.3)]

    inserted = realign_words(_heard(), "Назовите ваш промокот, пожалуйста", start=1.0)
    assert inserted is not None
    assert inserted[1] == {"start": 1.4, "end": 1.4, "word": "ваш", "estimated": True}


def test_no_words_stay_no_words() -> None:
    assert realign_words(None, "Алло", start=0.0) is None


def test_the_words_spell_the_text_for_the_engine_and_the_redaction() -> None:
    text = "Назовите, пожалуйста, промокод «Весна»"
    words = realign_words(_heard(), text, start=1.0)
    assert words is not None and _align(text, words) is not None
    segment = SegmentText("customer", 1.0, 2.3, text,
                          tuple(WordTiming(w["word"], w["start"], w["end"]) for w in words))
    assert span_time(segment, 0, 8) == (1.0, 1.4)


def test_normalised_word() -> None:
    assert normalised_word("«Ёлка»,") == "елка"
    assert normalised_word("[карта]") == "[карта]"
