"""calls/voice/measures.py and silences.py: the call's figures from speech intervals and segments,
the same rules for a recording and for an imported transcript."""

from __future__ import annotations

import pytest

from calls.voice.measures import (
    MONO_CHANNELS,
    NO_ROLES,
    SegmentInput,
    call_figures,
    hold_announcements,
    segment_speech,
    speech_rate,
)
from calls.voice.silences import gaps, interruptions, intersection, is_question, merge


def _segment(
    pk: int, speaker: str, start: float, end: float, text: str, words: object = None
) -> SegmentInput:
    return SegmentInput(pk=pk, speaker=speaker, start=start, end=end, text=text, words=words)


def test_faster_speech_has_a_higher_rate() -> None:
    text = "Здравствуйте, чем могу помочь"  # 8 syllables (vowels)
    slow = _segment(1, "operator", 0, 5, text)
    fast = _segment(
        2,
        "operator",
        0,
        5,
        text,
        words=[
            {"word": "Здравствуйте", "start": 0.5, "end": 1.0},
            {"word": "помочь", "start": 2.0, "end": 2.5},
        ],
    )

    assert speech_rate(slow) == pytest.approx(1.6)
    # The word times say it took 2 s, not the segment's 5.
    assert speech_rate(fast) == pytest.approx(4.0)
    assert speech_rate(_segment(3, "customer", 0, 0.2, "да")) is None


def test_intervals() -> None:
    assert merge([(3, 4), (0, 1), (0.5, 2)]) == [(0, 2), (3, 4)]
    assert intersection([(0, 5)], [(4, 6), (7, 8)]) == [(4, 5)]
    assert gaps([(2, 3), (3.5, 5)], duration=10) == [(0, 2), (5, 10)]


def test_questions() -> None:
    assert is_question("Чем могу помочь?")
    assert is_question("Как к вам обращаться")
    assert is_question("Номер договора верно")
    assert not is_question("Спасибо, всего доброго.")


def test_a_ten_second_silence_is_the_longest_and_counts_in_the_share() -> None:
    segments = [
        _segment(1, "operator", 0, 5, "Здравствуйте."),
        _segment(2, "customer", 15, 20, "Добрый день."),
    ]

    figures = call_figures(
        segments=segments,
        duration=20,
        by_speaker=segment_speech(segments),
        line_speech=[(0, 5), (15, 20)],
        stereo=False,
    )

    assert figures.longest_silence == 10.0
    assert figures.longest_silence_start == 5.0
    assert figures.silence_share == 0.5
    assert figures.talk_ratio == 0.5
    assert figures.unavailable == {"overtalk": MONO_CHANNELS, "interruptions": MONO_CHANNELS}


def test_dead_air_after_an_operator_question() -> None:
    segments = [
        _segment(1, "operator", 0, 4, "Какой у вас номер договора?"),
        _segment(2, "customer", 9, 12, "Сейчас найду."),
        _segment(3, "operator", 13, 14, "Хорошо."),
        _segment(4, "customer", 20, 22, "Нашёл."),
    ]

    figures = call_figures(
        segments=segments,
        duration=22,
        by_speaker=segment_speech(segments),
        line_speech=[(s.start, s.end) for s in segments],
        stereo=False,
    )

    # 5 s after the question; the 6 s after «Хорошо.» is no question's.
    assert figures.dead_air_seconds == 5.0
    assert [item for item in figures.timeline if item["kind"] == "dead_air"] == [
        {"kind": "dead_air", "start": 4.0, "end": 9.0, "segment": 1}
    ]


@pytest.mark.parametrize(
    "announcement",
    [
        "Подождите, пожалуйста, я уточню.",
        "Оставайтесь на линии.",
        "Минуточку, сейчас посмотрю.",
        "Подожди секундочку",
    ],
)
def test_an_announced_operator_silence_is_a_hold(announcement: str) -> None:
    segments = [
        _segment(1, "customer", 0, 3, "Где мой заказ?"),
        _segment(2, "operator", 3, 6, announcement),
        _segment(3, "operator", 46, 50, "Спасибо за ожидание."),
    ]

    figures = call_figures(
        segments=segments,
        duration=50,
        by_speaker=segment_speech(segments),
        line_speech=[(s.start, s.end) for s in segments],
        stereo=False,
    )

    assert figures.hold_seconds == 40.0
    assert {"kind": "hold", "start": 6.0, "end": 46.0, "segment": 2} in figures.timeline


def test_an_unannounced_silence_is_no_hold_and_a_customer_cannot_announce_one() -> None:
    segments = [
        _segment(1, "operator", 0, 3, "Сейчас проверю."),
        _segment(2, "customer", 3, 5, "Подождите, пожалуйста."),
        _segment(3, "operator", 40, 42, "Готово."),
    ]

    assert hold_announcements(segments) == []
    figures = call_figures(
        segments=segments,
        duration=42,
        by_speaker=segment_speech(segments),
        line_speech=[(s.start, s.end) for s in segments],
        stereo=False,
    )
    assert figures.hold_seconds == 0


def test_overtalk_and_interruptions_in_stereo() -> None:
    by_speaker = {"operator": [(0.0, 6.0), (10.0, 14.0)], "customer": [(5.0, 9.0), (11.0, 11.5)]}

    figures = call_figures(
        segments=[],
        duration=14,
        by_speaker=by_speaker,
        line_speech=[*by_speaker["operator"], *by_speaker["customer"]],
        stereo=True,
    )

    assert figures.overtalk_seconds == 1.5
    # The customer cut in at 5 s and the operator stopped at 6 s; «угу» at 11 s is no interruption.
    assert figures.interruptions_by_customer == 1
    assert figures.interruptions_by_operator == 0
    assert [item.by for item in interruptions(by_speaker)] == ["customer"]
    assert "overtalk" not in figures.unavailable


def test_without_roles_there_is_no_talk_ratio() -> None:
    figures = call_figures(
        segments=[], duration=10, by_speaker=None, line_speech=[(0, 4)], stereo=False
    )

    assert figures.talk_ratio is None
    assert figures.unavailable["talk_ratio"] == NO_ROLES
    assert figures.silence_share == 0.6


def test_a_hold_starts_after_what_the_operator_adds_to_the_announcement() -> None:
    segments = [
        _segment(1, "operator", 0, 2, "Минуточку, пожалуйста."),
        _segment(2, "operator", 3, 5, "Сейчас уточню у коллег."),
        _segment(3, "operator", 65, 67, "Спасибо за ожидание."),
    ]

    figures = call_figures(
        segments=segments,
        duration=67,
        by_speaker=segment_speech(segments),
        line_speech=[(s.start, s.end) for s in segments],
        stereo=False,
    )

    assert figures.hold_seconds == 60.0
    assert [(i["start"], i["end"]) for i in figures.timeline if i["kind"] == "hold"] == [
        (5.0, 65.0)
    ]
