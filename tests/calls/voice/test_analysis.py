"""The «voice» analyser over calls with synthesized recordings, bad recordings and imported
transcripts: what it stores, what it says it could not measure, and that bad audio fails nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files import File

from calls.analysis import analyse_calls, analyser_names
from calls.models import Call, CallVoice, LineVoiceStats, SegmentVoice
from calls.voice.analysis import VOICE_ANALYSER, calls_hear_voice
from calls.voice.measures import NOT_HEARD
from tests.calls.voice.speech import needs_espeak, place, say, seconds, silence, write_wav
from tests.factories import CallFactory, SegmentFactory

pytestmark = pytest.mark.django_db

QUESTION = "Какой у вас номер договора?"
ANSWER = "Сейчас найду, одну минуту."


def _with_audio(call: Call, path: Path) -> Call:
    with path.open("rb") as fh:
        call.audio.save(path.name, File(fh))
    return call


def _stereo_call(tmp_path: Path) -> Call:
    """Operator (left) asks at 1 s; 10 s of silence; the customer answers, and the operator cuts
    in over the customer's answer."""
    question, answer = say(QUESTION), say(ANSWER, pitch=80)
    asked_end = 1.0 + seconds(question)
    answer_start = asked_end + 10.0
    cut_in = answer_start + seconds(answer) - 1.0
    length = cut_in + seconds(question) + 1.0
    operator = place(length, [(1.0, question), (cut_in, question)])
    customer = place(length, [(answer_start, answer)])
    call = CallFactory(duration=length, channel_layout=Call.ChannelLayout.STEREO, sample_rate=16000)
    SegmentFactory(call=call, index=0, speaker="operator", start=1.0, end=asked_end, text=QUESTION)
    SegmentFactory(
        call=call,
        index=1,
        speaker="customer",
        start=answer_start,
        end=answer_start + seconds(answer),
        text=ANSWER,
    )
    SegmentFactory(
        call=call,
        index=2,
        speaker="operator",
        start=cut_in,
        end=cut_in + seconds(question),
        text=QUESTION,
    )
    return _with_audio(call, write_wav(tmp_path / "stereo.wav", [operator, customer]))


def test_the_analyser_is_registered() -> None:
    assert VOICE_ANALYSER in analyser_names()


@needs_espeak
def test_a_stereo_call_gets_every_measure(tmp_path: Path) -> None:
    call = _stereo_call(tmp_path)

    analyse_calls(call_ids=[call.pk], only=VOICE_ANALYSER)

    voice = CallVoice.objects.get(call=call)
    assert voice.heard
    assert voice.longest_silence == pytest.approx(10.0, abs=0.7)
    assert voice.dead_air_seconds == pytest.approx(10.0, abs=0.7)
    assert 0.5 <= voice.overtalk_seconds <= 1.5
    assert voice.interruptions_by_operator == 1
    assert voice.interruptions_by_customer == 0
    assert 0.2 < voice.talk_ratio < 0.5
    assert voice.unavailable == {}
    kinds = {(item["kind"], item.get("speaker")) for item in voice.timeline}
    assert {
        ("speech", "operator"),
        ("speech", "customer"),
        ("silence", None),
        ("dead_air", None),
        ("overtalk", None),
    } <= kinds
    measures = {row.speaker: row for row in SegmentVoice.objects.filter(call=call)}
    # The customer's voice was synthesized higher than the operator's.
    assert measures["customer"].pitch_hz > measures["operator"].pitch_hz * 1.3
    assert all(row.loudness_db is not None and row.rate for row in measures.values())


@needs_espeak
def test_a_mono_file_says_what_it_cannot_measure(tmp_path: Path) -> None:
    question = say(QUESTION)
    channel = place(seconds(question) + 12, [(1.0, question)])
    call = CallFactory(duration=seconds(channel), channel_layout=Call.ChannelLayout.MONO)
    SegmentFactory(
        call=call,
        index=0,
        speaker="operator",
        start=1.0,
        end=1.0 + seconds(question),
        text=QUESTION,
    )
    _with_audio(call, write_wav(tmp_path / "mono.wav", [channel]))

    calls_hear_voice(call_ids=[call.pk])

    voice = CallVoice.objects.get(call=call)
    assert voice.heard
    assert voice.overtalk_seconds is None
    assert voice.unavailable["overtalk"] == "моно-запись: каналы не разделены"
    assert "talk_ratio" in voice.unavailable
    assert voice.longest_silence == pytest.approx(12 - 1, abs=1.0)
    row = SegmentVoice.objects.get(call=call)
    assert row.pitch_hz and row.loudness_db


def test_a_corrupt_recording_gives_a_reason_and_fails_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage" * 10)
    call = CallFactory(status=Call.Status.ANALYSED, duration=13)
    SegmentFactory(call=call, index=0, speaker="operator", start=0, end=3, text="Здравствуйте.")
    SegmentFactory(call=call, index=1, speaker="customer", start=10, end=13, text="Добрый день.")
    _with_audio(call, broken)

    calls_hear_voice(call_ids=[call.pk])

    call.refresh_from_db()
    voice = CallVoice.objects.get(call=call)
    assert call.status == Call.Status.ANALYSED
    assert not voice.heard
    assert voice.unavailable["voice"].startswith("голос не слышен")
    # The word timings still give what they can.
    assert voice.longest_silence == 7.0
    assert voice.talk_ratio == 0.5


@needs_espeak
def test_a_silent_channel_gives_a_reason(tmp_path: Path) -> None:
    question = say(QUESTION)
    operator = place(seconds(question) + 4, [(1.0, question)])
    call = CallFactory(duration=seconds(operator), channel_layout=Call.ChannelLayout.STEREO)
    SegmentFactory(
        call=call,
        index=0,
        speaker="operator",
        start=1.0,
        end=1.0 + seconds(question),
        text=QUESTION,
    )
    _with_audio(call, write_wav(tmp_path / "half.wav", [operator, silence(seconds(operator))]))

    calls_hear_voice(call_ids=[call.pk])

    voice = CallVoice.objects.get(call=call)
    assert voice.heard
    assert "канал клиента молчит" in voice.unavailable["voice_customer"]
    assert voice.overtalk_seconds is None and "overtalk" in voice.unavailable
    assert SegmentVoice.objects.get(call=call).pitch_hz


def test_an_imported_transcript_is_measured_by_its_word_timings() -> None:
    call = CallFactory(source=Call.Source.TRANSCRIPT, duration=60)
    SegmentFactory(call=call, index=0, speaker="customer", start=0, end=4, text="Где мой заказ?")
    SegmentFactory(
        call=call,
        index=1,
        speaker="operator",
        start=4,
        end=8,
        text="Подождите, пожалуйста, я проверю.",
    )
    SegmentFactory(
        call=call,
        index=2,
        speaker="operator",
        start=38,
        end=42,
        text="Спасибо за ожидание, заказ в пути.",
    )

    calls_hear_voice(call_ids=[call.pk])

    voice = CallVoice.objects.get(call=call)
    assert not voice.heard
    assert voice.unavailable["voice"] == NOT_HEARD
    assert voice.hold_seconds == 30.0
    assert voice.longest_silence == 30.0
    assert voice.talk_ratio == pytest.approx(4 / 12, abs=0.001)
    rows = SegmentVoice.objects.filter(call=call)
    assert all(row.rate and row.loudness_db is None for row in rows)


def test_the_line_population_counts_each_segment_once() -> None:
    first = CallFactory(source=Call.Source.TRANSCRIPT)
    for index in range(3):
        SegmentFactory(
            call=first,
            index=index,
            speaker="customer",
            start=index * 5,
            end=index * 5 + 2,
            text="Здравствуйте" * (index + 1),
        )

    calls_hear_voice(call_ids=[first.pk])
    calls_hear_voice(call_ids=[first.pk])  # a re-analysis replaces, it does not add

    stats = LineVoiceStats.objects.get(line=first.line, speaker="customer", measure="rate")
    assert stats.count == 3
    rates = list(SegmentVoice.objects.filter(call=first).values_list("rate", flat=True))
    assert stats.mean == pytest.approx(sum(rates) / 3)
    rows = SegmentVoice.objects.filter(call=first).order_by("segment__index")
    # Relative to the same speaker in the call: the slowest below, the fastest above.
    zs = [row.relative["rate"]["call"] for row in rows]
    assert zs[0] < 0 < zs[2]


def test_relative_to_the_line_once_it_has_a_population() -> None:
    calls = []
    for number in range(5):
        call = CallFactory(source=Call.Source.TRANSCRIPT)
        for index in range(3):
            SegmentFactory(
                call=call,
                index=index,
                speaker="customer",
                start=index * 5,
                end=index * 5 + 2,
                text="Здравствуйте" + " да" * (index + number),
            )
        calls.append(call)
    calls_hear_voice(call_ids=[call.pk for call in calls])
    fast = CallFactory(source=Call.Source.TRANSCRIPT, line=calls[0].line)
    SegmentFactory(
        call=fast,
        index=0,
        speaker="customer",
        start=0,
        end=2,
        text="Здравствуйте, здравствуйте, здравствуйте",
    )

    calls_hear_voice(call_ids=[fast.pk])

    assert SegmentVoice.objects.get(call=fast).relative["rate"]["line"] > 1


def test_the_pipeline_analyses_a_call_with_a_corrupt_recording(tmp_path: Path) -> None:
    from calls.pipeline import call_analyse

    broken = tmp_path / "noise.wav"
    broken.write_bytes(bytes(range(256)) * 8)
    call = CallFactory(status=Call.Status.TRANSCRIBED, duration=10)
    SegmentFactory(call=call, index=0, speaker="operator", start=0, end=3, text="Здравствуйте.")
    _with_audio(call, broken)

    assert call_analyse(call_id=call.pk)

    call.refresh_from_db()
    assert call.status == Call.Status.ANALYSED
    assert CallVoice.objects.get(call=call).unavailable["voice"].startswith("голос не слышен")


def test_a_transient_database_error_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    from calls.voice import analysis

    call = CallFactory(source=Call.Source.TRANSCRIPT)
    SegmentFactory(call=call, index=0, speaker="operator", start=0, end=3, text="Здравствуйте.")

    def locked(**_: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(analysis, "_store", locked)
    with pytest.raises(OperationalError):
        calls_hear_voice(call_ids=[call.pk])
