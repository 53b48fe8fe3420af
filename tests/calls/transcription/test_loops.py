"""calls/transcription/loops.py: the guard against repetition loops and invented text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from calls.transcription.loops import drop_hallucinations, judge, longest_ngram_run


def seg(text: str, no_speech_prob: float = 0.1) -> SimpleNamespace:
    return SimpleNamespace(text=text, no_speech_prob=no_speech_prob)


def test_guard_drops_repeated_word_loop() -> None:
    assert judge("Номер заказа раз, раз, раз, раз, раз, раз, раз.", 0.1).drop


def test_guard_drops_repeated_phrase_loop() -> None:
    text = "Я вас понял. " * 8
    assert judge(text, 0.1).reason in {"repeated n-gram", "compression ratio"}


def test_guard_keeps_ordinary_repetition() -> None:
    assert not judge("Да, да, да, конечно, сейчас проверю.", 0.1).drop
    assert not judge("Нет, нет, спасибо, не нужно.", 0.1).drop


def test_guard_drops_text_identical_to_previous_segments() -> None:
    segments = [seg("Алло, вы меня слышите?") for _ in range(5)] + [seg("Да, слышу.")]

    kept = drop_hallucinations(segments)

    assert [s.text for s in kept] == ["Алло, вы меня слышите?"] * 2 + ["Да, слышу."]


@pytest.mark.parametrize(
    "text",
    [
        "Продолжение следует...",
        "Субтитры сделал DimaTorzok",
        "Спасибо за просмотр!",
        "Редактор субтитров А.Синецкая Корректор А.Егорова",
    ],
)
def test_guard_drops_known_hallucinations_over_silence(text: str) -> None:
    assert drop_hallucinations([seg(text, no_speech_prob=0.8)]) == []


def test_guard_keeps_known_phrase_said_in_speech() -> None:
    # A customer may well say it; the model was sure someone spoke.
    assert drop_hallucinations([seg("Продолжение следует", no_speech_prob=0.05)])


def test_guard_keeps_order_and_drops_empty() -> None:
    segments = [seg("Здравствуйте."), seg("  "), seg("Чем могу помочь?")]

    assert [s.text for s in drop_hallucinations(segments)] == ["Здравствуйте.", "Чем могу помочь?"]


def test_longest_ngram_run() -> None:
    assert longest_ngram_run("а б в а б в а б в".split()) == 3
    assert longest_ngram_run("раз раз раз".split()) == 3
    assert longest_ngram_run("один два три".split()) == 1
    assert longest_ngram_run([]) == 0
