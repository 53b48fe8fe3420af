"""The `emotion` analyser: registered after the words and the voice, stores per segment and per
call, replaces on re-analysis; the call page card and the export columns."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.urls import reverse

from calls.analysis import analyse_calls, analyser_names
from calls.models import Call, CallEmotion, Operator, SegmentEmotion, SegmentVoice
from calls.voice.emotion.analyser import EMOTION_ANALYSER, calls_judge_emotion
from calls.voice.words.services import load_voice_cues
from tests.factories import call_with_segments, client_for

pytestmark = pytest.mark.django_db

ANGRY = [
    ("operator", "Здравствуйте, слушаю вас."),
    ("customer", "Сколько можно! Третий раз звоню, интернет не работает!"),
    ("operator", "Извините, сейчас проверю."),
    ("customer", "Да нет, всё нормально."),
]


@pytest.fixture(autouse=True)
def cues() -> None:
    load_voice_cues()


def test_registered_after_the_words_and_the_voice() -> None:
    names = analyser_names()
    assert names.index(EMOTION_ANALYSER) > names.index("voice_words")
    assert names.index(EMOTION_ANALYSER) > names.index("voice")


def test_stores_each_customer_segment_and_the_call_and_replaces_on_reanalysis(
    operator: Operator,
) -> None:
    call = call_with_segments(*ANGRY, operator=operator, source=Call.Source.TRANSCRIPT)
    analyse_calls(call_ids=[call.pk])

    stored = CallEmotion.objects.get(call=call)
    assert stored.emotion == "irritated" and stored.hot and stored.hot_at == 5.0
    assert stored.hidden_irritation and stored.hidden_at == 15.0
    assert not stored.voice_heard
    assert stored.reasons[0]["text"].startswith("голос не слышен")
    segments = SegmentEmotion.objects.filter(call=call).order_by("segment__index")
    assert [s.segment.speaker for s in segments] == ["customer", "customer"]
    assert segments[0].emotion == "irritated" and segments[0].arousal is None

    call.segments.filter(index=1).update(text="Подскажите, пожалуйста, тариф.")
    call.segments.filter(index=3).update(text="Спасибо большое, вы мне очень помогли.")
    calls_judge_emotion(call_ids=[call.pk])
    stored = CallEmotion.objects.get(call=call)
    assert (stored.emotion, stored.hot, stored.hidden_irritation) == ("satisfied", False, False)
    assert SegmentEmotion.objects.filter(call=call).count() == 2


def test_reads_the_voice_when_it_was_heard(operator: Operator) -> None:
    call = call_with_segments(
        ("customer", "Добрый день, вопрос по счёту."),
        ("customer", "Всё в порядке."),
        operator=operator,
    )
    analyse_calls(call_ids=[call.pk])
    # As if the recording had been heard and the second line said loudly and high.
    call.voice.heard = True
    call.voice.save()
    second = call.segments.get(index=1)
    SegmentVoice.objects.filter(segment=second).update(
        relative={
            "loudness_db": {"call": 2.0, "line": None},
            "pitch_hz": {"call": 1.7, "line": None},
        }
    )
    calls_judge_emotion(call_ids=[call.pk])
    stored = CallEmotion.objects.get(call=call)
    assert stored.voice_heard and stored.hidden_irritation and stored.hidden_at == 5.0
    assert SegmentEmotion.objects.get(segment=second).arousal == pytest.approx(1.51)


def test_the_call_page_card_seeks_the_player_and_says_the_voice_was_not_heard(
    operator: Operator,
    other_operator: Operator,
) -> None:
    call = call_with_segments(*ANGRY, operator=operator, source=Call.Source.TRANSCRIPT)
    analyse_calls(call_ids=[call.pk])
    url = reverse("calls:detail", args=[call.pk])

    html = client_for(operator.user).get(url).content.decode()

    assert 'data-call-emotion="irritated"' in html
    assert "data-call-hot" in html and "data-call-hidden" in html
    assert "data-voice-not-heard" in html
    assert 'data-emotion-reason="hot" data-start="5.0"' in html
    assert 'data-emotion-reason="hidden" data-start="15.0"' in html
    assert client_for(other_operator.user).get(url).status_code == 404


def test_export_calls_has_emotion_hot_and_hidden_irritation(
    operator: Operator,
    run_command: Callable[..., str],
) -> None:
    call = call_with_segments(*ANGRY, operator=operator)
    analyse_calls(call_ids=[call.pk])
    call_with_segments(("customer", "Добрый день"), operator=operator, external_id="fresh")

    rows = {
        row["external_id"]: row for row in map(json.loads, run_command("export_calls").splitlines())
    }

    assert rows[call.external_id]["emotion"] == "irritated"
    assert rows[call.external_id]["hot"] is True
    assert rows[call.external_id]["hidden_irritation"] is True
    assert rows["fresh"]["emotion"] is None and rows["fresh"]["hot"] is None


def test_hot_moments_are_on_the_voice_timeline(operator: Operator) -> None:
    call = call_with_segments(*ANGRY, operator=operator, source=Call.Source.TRANSCRIPT)
    Call.objects.filter(pk=call.pk).update(audio="calls/call.wav")
    analyse_calls(call_ids=[call.pk])

    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()

    assert 'data-voice-row="emotion"' in html
    assert 'data-kind="hot" data-start="5.0" data-end="9.0"' in html
    assert "клиент раздражён, 0:05–0:09" in html
