"""The «voice» analyser: hear each call's recording (or, without one, read its word timings) and
store its voice figures, each segment's measures, and the line's running population.

Bad audio never fails a call: a recording that does not decode, or a channel that is silent,
leaves a recorded reason and the measures the transcript still gives. Only the database work may
raise (and a transient error there is retried by the pipeline, like for every analyser).
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from calls.audio import decode_channels
from calls.models import Call, CallVoice, LineVoiceStats, SegmentVoice
from calls.transcription.engine import speech_settings
from calls.transcription.speech import SAMPLE_RATE
from calls.voice.acoustics import (
    SILENT_CHANNEL_DB,
    VoiceMeasures,
    channel_speech,
    detector_settings,
    level_db,
    measure,
)
from calls.voice.measures import (
    NO_ROLES,
    NOT_HEARD,
    SegmentInput,
    call_figures,
    segment_speech,
    speech_rate,
)
from calls.voice.silences import Interval, merge

logger = logging.getLogger(__name__)

VOICE_ANALYSER = "voice"
MEASURES = ("loudness_db", "pitch_hz", "pitch_range_st", "rate")
# A speaker's own baseline needs this many of their segments, the line's this many values.
MIN_CALL_BASELINE = 3
MIN_LINE_BASELINE = 10
_SPEAKER_NAMES = {"operator": "оператора", "customer": "клиента"}


@dataclass
class Heard:
    """What the recording gave: speech per role (stereo) or of the line (mono), and each
    segment's loudness and pitch; `unavailable` says what it could not give."""

    stereo: bool
    by_speaker: dict[str, list[Interval]] | None
    line_speech: list[Interval]
    measures: dict[int, VoiceMeasures] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VoiceReport:
    calls: int
    heard: int


def calls_hear_voice(*, call_ids: Sequence[int], now: datetime | None = None) -> VoiceReport:
    """Replace the voice figures of these calls with what their recordings and transcripts say."""
    now = now or timezone.now()
    heard = 0
    calls = Call.objects.filter(pk__in=call_ids).select_related("line")
    for call in calls:
        segments = [
            SegmentInput(pk=pk, speaker=speaker, start=start, end=end, text=text, words=words)
            for pk, speaker, start, end, text, words in call.segments.order_by("index").values_list(
                "pk", "speaker", "start", "end", "text", "words"
            )
        ]
        result = hear(call, segments)
        heard += isinstance(result, Heard)
        _store(call=call, segments=segments, heard=result, now=now)
    return VoiceReport(calls=len(call_ids), heard=heard)


def hear(call: Call, segments: Sequence[SegmentInput]) -> Heard | str:
    """The recording's speech and voice measures, or why there are none (never raises)."""
    if not call.audio:
        return NOT_HEARD
    try:
        channels = decode_channels(Path(call.audio.path), sample_rate=SAMPLE_RATE)
        return _listen(call, channels, segments)
    except Exception as error:  # a recording that does not decode is a reason, not a failure
        logger.warning("Voice analysis of call %s could not read the audio: %s", call.pk, error)
        message = getattr(error, "message", None) or "запись не удалось прочитать"
        return f"голос не слышен: {message}"


def _listen(call: Call, channels: list[np.ndarray], segments: Sequence[SegmentInput]) -> Heard:
    settings = detector_settings(speech_settings(source_rate=call.sample_rate))
    unavailable: dict[str, str] = {}
    if len(channels) == 2:
        operator = call.operator_channel_index()
        roles = {"operator": channels[operator], "customer": channels[1 - operator]}
        by_speaker: dict[str, list[Interval]] = {}
        for role, samples in roles.items():
            silent = level_db(samples) <= SILENT_CHANNEL_DB
            by_speaker[role] = [] if silent else channel_speech(samples, settings)
            if not by_speaker[role]:
                unavailable[f"voice_{role}"] = (
                    f"канал {_SPEAKER_NAMES[role]} молчит или испорчен: речи в нём нет"
                )
        heard = Heard(
            stereo=True,
            by_speaker=by_speaker,
            line_speech=merge([*by_speaker["operator"], *by_speaker["customer"]]),
            unavailable=unavailable,
        )
        if any(not spans for spans in by_speaker.values()):
            reason = "один из каналов молчит: одновременную речь и долю речи не измерить"
            heard.by_speaker = None
            heard.stereo = False
            unavailable.update(talk_ratio=reason, overtalk=reason, interruptions=reason)
        for segment in segments:
            if segment.speaker in roles and by_speaker[segment.speaker]:
                heard.measures[segment.pk] = measure(
                    roles[segment.speaker],
                    by_speaker[segment.speaker],
                    start=segment.start,
                    end=segment.end,
                )
        return heard
    samples = channels[0]
    speech = [] if level_db(samples) <= SILENT_CHANNEL_DB else channel_speech(samples, settings)
    if not speech:
        unavailable["voice"] = "запись молчит или испорчена: речи в ней нет"
    labelled = segment_speech(segments)
    # In mono the roles come from the transcript's labels, when it has both.
    roles_known = {"operator", "customer"} <= labelled.keys()
    heard = Heard(
        stereo=False,
        by_speaker=labelled if roles_known else None,
        line_speech=speech,
        unavailable=unavailable,
    )
    for segment in segments:
        if speech:
            heard.measures[segment.pk] = measure(
                samples, speech, start=segment.start, end=segment.end
            )
    return heard


def _figures_for(
    call: Call, segments: Sequence[SegmentInput], heard: Heard | str
) -> tuple[dict[str, Any], dict[str, str]]:
    if isinstance(heard, Heard):
        figures = call_figures(
            segments=segments,
            duration=call.duration,
            by_speaker=heard.by_speaker,
            line_speech=heard.line_speech,
            stereo=heard.stereo,
        )
        unavailable = {**figures.unavailable, **heard.unavailable}
    else:
        labelled = segment_speech(segments)
        roles_known = {"operator", "customer"} <= labelled.keys()
        figures = call_figures(
            segments=segments,
            duration=call.duration,
            by_speaker=labelled if roles_known else None,
            line_speech=[(s.start, s.end) for s in segments],
            stereo=False,
        )
        unavailable = {
            **figures.unavailable,
            "voice": heard,
            "overtalk": heard,
            "interruptions": heard,
        }
        if not roles_known:
            unavailable["talk_ratio"] = NO_ROLES
    values = {
        "talk_ratio": figures.talk_ratio,
        "silence_share": figures.silence_share,
        "longest_silence": figures.longest_silence,
        "longest_silence_start": figures.longest_silence_start,
        "dead_air_seconds": figures.dead_air_seconds,
        "hold_seconds": figures.hold_seconds,
        "overtalk_seconds": figures.overtalk_seconds,
        "interruptions_by_operator": figures.interruptions_by_operator,
        "interruptions_by_customer": figures.interruptions_by_customer,
        "timeline": figures.timeline,
    }
    return values, unavailable


def _store(
    *, call: Call, segments: Sequence[SegmentInput], heard: Heard | str, now: datetime
) -> None:
    values, unavailable = _figures_for(call, segments, heard)
    rows: list[SegmentVoice] = []
    for segment in segments:
        voice = heard.measures.get(segment.pk) if isinstance(heard, Heard) else None
        rows.append(
            SegmentVoice(
                segment_id=segment.pk,
                call_id=call.pk,
                speaker=segment.speaker,
                loudness_db=voice.loudness_db if voice else None,
                pitch_hz=voice.pitch_hz if voice else None,
                pitch_range_st=voice.pitch_range_st if voice else None,
                rate=speech_rate(segment),
            )
        )
    _relative_to_call(rows)
    with transaction.atomic():
        stats = _line_stats(call)
        old = list(SegmentVoice.objects.filter(call=call))
        for row in old:
            _each_value(row, stats, add=False)
        SegmentVoice.objects.filter(call=call).delete()
        for row in rows:
            for name in MEASURES:
                population = stats.get((row.speaker, name)) if stats is not None else None
                value = getattr(row, name)
                std = population.std if population is not None else None
                z = (
                    None
                    if value is None
                    or population is None
                    or std is None
                    or not std
                    or population.count < MIN_LINE_BASELINE
                    else round((value - population.mean) / std, 2)
                )
                row.relative.setdefault(name, {})["line"] = z
        for row in rows:
            _each_value(row, stats, add=True)
        if stats is not None:
            LineVoiceStats.objects.bulk_update(list(stats.values()), ["count", "mean", "m2"])
        SegmentVoice.objects.bulk_create(rows, batch_size=500)
        CallVoice.objects.update_or_create(
            call=call,
            defaults={
                **values,
                "analysed_at": now,
                "heard": isinstance(heard, Heard),
                "unavailable": unavailable,
            },
        )


def _relative_to_call(rows: Sequence[SegmentVoice]) -> None:
    """Each value's z against the same speaker's segments in this call."""
    for row in rows:
        row.relative = {}
    for name in MEASURES:
        by_speaker: dict[str, list[float]] = {}
        for row in rows:
            value = getattr(row, name)
            if value is not None:
                by_speaker.setdefault(row.speaker, []).append(value)
        for row in rows:
            values = by_speaker.get(row.speaker, [])
            value = getattr(row, name)
            z = None
            if value is not None and len(values) >= MIN_CALL_BASELINE:
                spread = statistics.stdev(values)
                z = round((value - statistics.fmean(values)) / spread, 2) if spread else 0.0
            row.relative[name] = {"call": z}


def _line_stats(call: Call) -> dict[tuple[str, str], LineVoiceStats] | None:
    """The line's populations, locked until the transaction ends (two workers add to them)."""
    if call.line_id is None:
        return None
    # Every row exists before it is locked: two workers creating a line's first rows at once
    # would otherwise collide on the unique constraint, and that is no transient error.
    LineVoiceStats.objects.bulk_create(
        [
            LineVoiceStats(line_id=call.line_id, speaker=speaker, measure=name)
            for speaker in ("operator", "customer", "unknown")
            for name in MEASURES
        ],
        ignore_conflicts=True,
    )
    return {
        (item.speaker, item.measure): item
        for item in LineVoiceStats.objects.select_for_update()
        .filter(line_id=call.line_id)
        .order_by("pk")
    }


def _each_value(
    row: SegmentVoice, stats: dict[tuple[str, str], LineVoiceStats] | None, *, add: bool
) -> None:
    if stats is None:
        return
    for name in MEASURES:
        value = getattr(row, name)
        population = stats.get((row.speaker, name))
        if value is None or population is None:
            continue
        if add:
            population.add(value)
        else:
            population.remove(value)
