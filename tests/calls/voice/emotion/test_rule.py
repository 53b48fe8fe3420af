"""The emotion rule on constructed segments: words alone, words with a raised voice, hot with a
polite ending, both variants of hidden irritation, and the path without audio (issue 18 §3)."""

from __future__ import annotations

from typing import Any

import pytest

from calls.models import Emotion
from calls.phrases import SegmentText
from calls.voice.emotion.rule import NOT_HEARD, CallVerdict, CustomerSegment, judge_call
from calls.voice.words.scoring import segment_word_scores
from calls.voice.words.services import load_voice_cues

pytestmark = pytest.mark.django_db

CALM: dict[str, Any] = {
    "loudness_db": {"call": 0.1, "line": 0.0},
    "pitch_hz": {"call": 0.0},
    "rate": {"call": -0.2},
}
RAISED: dict[str, Any] = {
    "loudness_db": {"call": 2.2, "line": 1.8},
    "pitch_hz": {"call": 1.6},
    "rate": {"call": 0.5},
}


@pytest.fixture(autouse=True)
def cues() -> None:
    load_voice_cues()


def judge(*texts: str, voices: list[dict[str, Any] | None] | None = None) -> CallVerdict:
    segments = [SegmentText("customer", i * 5.0, i * 5.0 + 4.0, t) for i, t in enumerate(texts)]
    scores = segment_word_scores(segments)
    voices = voices or [None] * len(texts)
    return judge_call(
        [
            CustomerSegment(
                segment_id=i + 1,
                start=segments[i].start,
                text=segments[i].text,
                words=score,
                relative=voices[i],
            )
            for i, score in enumerate(scores)
        ],
        voice_heard=any(v is not None for v in voices),
    )


def test_escalation_words_alone_make_an_irritated_hot_call() -> None:
    verdict = judge("Сколько можно! Третий раз звоню, безобразие!")
    assert verdict.emotion == Emotion.IRRITATED
    assert verdict.hot and verdict.hot_at == 0.0
    texts = " ".join(reason["text"] for reason in verdict.reasons)
    assert "сколько можно" in texts.lower() and "восклицаний" in texts


def test_confused_and_satisfied_and_neutral_calls() -> None:
    assert judge("Я не понимаю, что это значит? Объясните").emotion == Emotion.CONFUSED
    assert judge("Спасибо большое, вы мне очень помогли").emotion == Emotion.SATISFIED
    assert judge("Номер договора двенадцать тридцать четыре").emotion == Emotion.NEUTRAL


def test_a_raised_voice_adds_to_mild_words_and_is_a_reason() -> None:
    text = "Опять не работает интернет"
    calm = judge(text, voices=[CALM])
    raised = judge(text, voices=[RAISED])
    assert raised.segments[0].irritation > calm.segments[0].irritation
    assert raised.segments[0].arousal is not None and raised.segments[0].arousal >= 1.0
    voice = [r for r in raised.segments[0].reasons if r["kind"] == "voice"]
    assert {r["text"].split(" ")[0] for r in voice} == {"громкость", "высота"}
    assert all(r["start"] == 0.0 for r in voice)


def test_hot_even_when_the_call_ends_politely() -> None:
    verdict = judge(
        "Ну сколько можно, это издевательство! Верните деньги!",
        "Хорошо, поняла.",
        "Спасибо большое, до свидания",
    )
    assert verdict.hot and verdict.emotion == Emotion.IRRITATED
    assert verdict.hot_at == 0.0
    assert not verdict.hidden_irritation


def test_fine_after_irritated_words_is_hidden_irritation() -> None:
    verdict = judge("Опять не работает, сколько можно ждать, уже неделю!", "Да нет, всё нормально.")
    assert verdict.hidden_irritation and verdict.hidden_at == 5.0
    assert any(
        r["about"] == "hidden" and "после раздражённых" in r["text"] for r in verdict.reasons
    )


def test_fine_in_a_raised_voice_is_hidden_irritation() -> None:
    verdict = judge("Добрый день, у меня вопрос по счёту", "Всё в порядке.", voices=[CALM, RAISED])
    assert verdict.hidden_irritation and verdict.hidden_at == 5.0
    assert any("голосом" in r["text"] for r in verdict.reasons if r["about"] == "hidden")


def test_fine_said_calmly_without_complaint_is_not_hidden() -> None:
    verdict = judge("Добрый день, у меня вопрос по счёту", "Всё в порядке.", voices=[CALM, CALM])
    assert not verdict.hidden_irritation


def test_without_audio_the_words_still_judge_and_say_the_voice_was_not_heard() -> None:
    verdict = judge("Сколько можно! Буду жаловаться!")
    assert not verdict.voice_heard and verdict.hot
    assert all(segment.arousal is None for segment in verdict.segments)
    assert verdict.reasons[0] == {
        "kind": "not_heard",
        "text": NOT_HEARD,
        "start": None,
        "segment": None,
        "about": "emotion",
    }


def test_a_raised_voice_alone_is_not_irritation_unless_it_is_clearly_raised() -> None:
    # Arousal 1.68: louder and higher, but the words are calm — a bad line, a noisy street.
    calm_words = "Да, да. Сегодня был платёж по кредиту."
    assert judge(calm_words, voices=[RAISED]).emotion == Emotion.NEUTRAL
    shouting: dict[str, Any] = {
        "loudness_db": {"call": 3.5}, "pitch_hz": {"call": 2.5}, "rate": {"call": 1.0},
    }
    assert judge(calm_words, voices=[shouting]).emotion == Emotion.IRRITATED


def test_a_raised_voice_adds_to_words_that_show_irritation() -> None:
    words = "Это просто ужасно, сколько можно ждать"
    quiet, raised = judge(words, voices=[CALM]), judge(words, voices=[RAISED])
    assert raised.segments[0].irritation == pytest.approx(
        quiet.segments[0].irritation + raised.segments[0].arousal - quiet.segments[0].arousal
    )
