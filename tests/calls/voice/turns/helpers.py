"""Hot calls built from (speaker, text, irritation) lines: the emotion step's rows written
directly, so a test says exactly how irritated the customer was where."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from calls.models import Call, CallEmotion, Operator, SegmentEmotion
from tests.factories import call_with_segments

DAY = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


def emotional_call(
    *lines: tuple[str, str, float | None],
    operator: Operator,
    hot: bool = True,
    started: datetime = DAY,
) -> Call:
    call = call_with_segments(
        *((speaker, text) for speaker, text, _level in lines), operator=operator, started_at=started
    )
    segments = list(call.segments.order_by("index"))
    for segment, (_speaker, _text, level) in zip(segments, lines, strict=True):
        if level is not None:
            SegmentEmotion.objects.create(
                segment=segment,
                call=call,
                emotion="irritated" if level >= 1 else "neutral",
                score=level,
                irritation=level,
            )
    CallEmotion.objects.create(
        call=call,
        analysed_at=timezone.now(),
        emotion="irritated",
        score=3.0,
        hot=hot,
        hot_score=3.0 if hot else 0.5,
    )
    return call


def calming_call(
    operator: Operator,
    *,
    phrase: str = "Я вас понимаю, сейчас всё исправим.",
    started: datetime = DAY,
) -> Call:
    return emotional_call(
        ("customer", "Сколько можно!", 3.0),
        ("operator", "Уточните номер договора.", None),
        ("customer", "Двенадцать тридцать четыре!", 2.0),
        ("operator", phrase, None),
        ("customer", "Хорошо.", 0.2),
        ("operator", "Готово.", None),
        ("customer", "Спасибо.", 0.0),
        operator=operator,
        started=started,
    )


def escalation_call(
    operator: Operator, *, phrase: str = "Это не наша проблема, ждите.", started: datetime = DAY
) -> Call:
    return emotional_call(
        ("customer", "Интернет не работает.", 0.3),
        ("operator", phrase, None),
        ("customer", "Да вы издеваетесь!", 3.0),
        operator=operator,
        started=started,
    )
