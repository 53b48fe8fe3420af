"""Turning points on constructed calls (issue 18 §4): the operator's phrase before a calming that
stays down and before an escalation; a call that never calms and a call that is not hot get
none; the `turns` analyser is registered after `emotion` and replaces on re-analysis."""

from __future__ import annotations

import pytest

from calls.analysis import analyse_calls, analyser_names
from calls.models import Call, Operator, SegmentEmotion, TurningPoint
from calls.voice.turns.analyser import TURNS_ANALYSER, calls_find_turns
from calls.voice.turns.detect import CALMING, ESCALATION, Line, turning_points
from calls.voice.words.services import load_voice_cues
from tests.calls.voice.turns.helpers import calming_call, emotional_call, escalation_call
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


def test_registered_after_emotion() -> None:
    names = analyser_names()
    assert names.index(TURNS_ANALYSER) > names.index("emotion")


def test_calming_is_the_operator_phrase_before_the_drop_that_stays_down(
    operator: Operator,
) -> None:
    call = calming_call(operator)
    assert calls_find_turns(call_ids=[call.pk]) == 1
    point = TurningPoint.objects.get(call=call)
    assert point.kind == CALMING
    assert point.operator_segment.text == "Я вас понимаю, сейчас всё исправим."
    assert (point.customer_before.index, point.customer_after.index) == (2, 4)
    assert point.at == 15.0 and point.change == pytest.approx(1.8)


def test_escalation_is_the_operator_phrase_before_the_jump(operator: Operator) -> None:
    call = escalation_call(operator)
    calls_find_turns(call_ids=[call.pk])
    point = TurningPoint.objects.get(call=call)
    assert point.kind == ESCALATION and point.at == 5.0 and point.change == pytest.approx(2.7)
    assert point.operator_segment.text == "Это не наша проблема, ждите."


def test_a_drop_that_does_not_stay_down_is_no_calming(operator: Operator) -> None:
    call = emotional_call(
        ("customer", "Сколько можно!", 3.0),
        ("operator", "Минутку.", None),
        ("customer", "Ну.", 0.2),
        ("operator", "Проверяю.", None),
        ("customer", "Опять ждать!", 2.5),
        operator=operator,
    )
    calls_find_turns(call_ids=[call.pk])
    # The dip at 0.2 bounces back: no calming; 0.2 → 2.5 is an escalation.
    assert list(TurningPoint.objects.filter(call=call).values_list("kind", "at")) == [
        (ESCALATION, 15.0)
    ]


def test_a_call_that_never_calms_has_no_calming(operator: Operator) -> None:
    call = emotional_call(
        ("customer", "Сколько можно!", 3.0),
        ("operator", "Минутку.", None),
        ("customer", "Безобразие!", 2.8),
        ("operator", "Проверяю.", None),
        ("customer", "Ужас!", 3.2),
        operator=operator,
    )
    assert calls_find_turns(call_ids=[call.pk]) == 0


def test_a_call_that_is_not_hot_gets_none(operator: Operator) -> None:
    call = emotional_call(
        ("customer", "Сколько можно!", 3.0),
        ("operator", "Я вас понимаю.", None),
        ("customer", "Хорошо.", 0.0),
        operator=operator,
        hot=False,
    )
    assert calls_find_turns(call_ids=[call.pk]) == 0


def test_no_operator_phrase_between_no_turn() -> None:
    lines = [Line(1, "customer", 0.0, 3.0), Line(2, "customer", 5.0, 0.0)]
    assert turning_points(lines) == []


def test_replaces_on_reanalysis(operator: Operator) -> None:
    call = calming_call(operator)
    calls_find_turns(call_ids=[call.pk])
    # The customer now stays irritated after the phrase and calms only at the end («Готово.»).
    SegmentEmotion.objects.filter(call=call, segment__index=4).update(irritation=2.0)
    calls_find_turns(call_ids=[call.pk])
    assert list(TurningPoint.objects.filter(call=call).values_list("at", flat=True)) == [25.0]
    SegmentEmotion.objects.filter(call=call, segment__index=6).update(irritation=2.0)
    calls_find_turns(call_ids=[call.pk])
    calls_find_turns(call_ids=[call.pk])
    assert not TurningPoint.objects.filter(call=call).exists()


def test_runs_in_the_analysis_after_the_emotion_step(operator: Operator) -> None:
    call = call_with_segments(
        ("customer", "Сколько можно! Третий раз звоню, интернет не работает!"),
        ("operator", "Понимаю вас, сейчас всё исправлю."),
        ("customer", "Хорошо."),
        operator=operator,
        source=Call.Source.TRANSCRIPT,
    )
    load_voice_cues()
    analyse_calls(call_ids=[call.pk])
    assert list(TurningPoint.objects.filter(call=call).values_list("kind", "at")) == [
        (CALMING, 5.0)
    ]
