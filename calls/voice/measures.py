"""A call's voice figures from its speech intervals and segments: talk ratio, silences, dead air
after the operator's questions, holds the operator announced, overtalk and interruptions, and each
segment's speech rate. Pure Python: the recording or the transcript's times give the intervals
(calls/voice/analysis.py), this module applies the same rules to either."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from calls.phrases import PhraseMatcher, PhraseRule, SegmentText, compile_rules
from calls.voice.silences import (
    Interval,
    gaps,
    interruptions,
    intersection,
    is_question,
    merge,
    total,
)

# Silence after an operator's question longer than this is dead air.
DEAD_AIR_MIN_S = 3.0
# An announced pause of the operator's side at least this long is a hold.
HOLD_MIN_S = 10.0
# ... and starts within this many seconds of the end of the announcement.
HOLD_WITHIN_S = 15.0
# A silence counts as following a question when it starts within this of the question's end
# (the detector's and the recognizer's ends differ by a few frames).
_FOLLOWS_S = 1.0
# Shorter speech gives no honest rate (one word said fast or slow).
MIN_RATE_SECONDS = 0.5
# What operators say before they put the customer on hold, in any word form (phrase engine).
HOLD_PHRASES = (
    "подождите",
    "подождать",
    "оставайтесь на линии",
    "оставаться на линии",
    "не кладите трубку",
    "минуточку",
    "минутку",
    "одну минуту",
    "секундочку",
    "одну секунду",
    "повисите на линии",
    "ожидайте",
    "ожидайте на линии",
)


@cache
def _hold_matcher() -> PhraseMatcher:
    # Compiled on first use: the lemmatizer's dictionaries load then, not at start-up.
    return compile_rules(
        [
            PhraseRule(key=index, text=text, speaker="operator")
            for index, text in enumerate(HOLD_PHRASES)
        ]
    )


_VOWELS = re.compile(r"[аеёиоуыэюяaeiouy]", re.IGNORECASE)

NOT_HEARD = "голос не слышен: записи нет, измерено только по времени слов"
MONO_CHANNELS = "моно-запись: каналы не разделены"
NO_ROLES = "в записи без разметки говорящих не различить клиента и оператора"


@dataclass(frozen=True)
class SegmentInput:
    pk: int
    speaker: str
    start: float
    end: float
    text: str
    words: Any = None


@dataclass
class CallFigures:
    talk_ratio: float | None = None
    silence_share: float | None = None
    longest_silence: float | None = None
    longest_silence_start: float | None = None
    dead_air_seconds: float = 0.0
    hold_seconds: float = 0.0
    overtalk_seconds: float | None = None
    interruptions_by_operator: int | None = None
    interruptions_by_customer: int | None = None
    timeline: list[dict[str, Any]] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)


def syllables(text: str) -> int:
    """Russian syllables are its vowels."""
    return len(_VOWELS.findall(text))


def speech_rate(segment: SegmentInput) -> float | None:
    """Syllables per second of speaking, from the first word's start to the last word's end."""
    start, end = segment.start, segment.end
    words = segment.words if isinstance(segment.words, list) else []
    try:
        if words:
            start, end = float(words[0]["start"]), float(words[-1]["end"])
    except (KeyError, TypeError, ValueError):
        start, end = segment.start, segment.end
    count = syllables(segment.text)
    if end - start < MIN_RATE_SECONDS or not count:
        return None
    return round(count / (end - start), 2)


def segment_speech(segments: Sequence[SegmentInput]) -> dict[str, list[Interval]]:
    """Who speaks when by the transcript's labels."""
    by_speaker: dict[str, list[Interval]] = {}
    for segment in segments:
        by_speaker.setdefault(segment.speaker, []).append((segment.start, segment.end))
    return {speaker: merge(spans) for speaker, spans in by_speaker.items()}


def hold_announcements(segments: Sequence[SegmentInput]) -> list[int]:
    """Positions of the operator's segments that announce a hold."""
    texts = [SegmentText(s.speaker, s.start, s.end, s.text) for s in segments]  # type: ignore[arg-type]
    return sorted({match.segment_index for match in _hold_matcher().match(texts)})


def call_figures(
    *,
    segments: Sequence[SegmentInput],
    duration: float,
    by_speaker: dict[str, list[Interval]] | None,
    line_speech: Sequence[Interval],
    stereo: bool,
) -> CallFigures:
    """The figures of one call. `by_speaker`: operator's and customer's speech (from the stereo
    channels, or the transcript's labels), None when the roles are unknown; `line_speech`: where
    anyone speaks; `stereo`: whether the two voices were heard apart (overtalk needs that)."""
    figures = CallFigures()
    speech = merge(line_speech)
    duration = max(
        duration, speech[-1][1] if speech else 0.0, max((s.end for s in segments), default=0.0)
    )
    roles = by_speaker or {}
    operator_time = total(roles.get("operator", ()))
    customer_time = total(roles.get("customer", ()))
    if by_speaker is None or operator_time + customer_time <= 0:
        figures.unavailable["talk_ratio"] = NO_ROLES
    else:
        figures.talk_ratio = round(customer_time / (operator_time + customer_time), 3)

    silences = gaps(speech, duration=duration)
    if duration > 0:
        figures.silence_share = round(total(silences) / duration, 3)
        longest = max(silences, key=lambda gap: gap[1] - gap[0], default=None)
        figures.longest_silence = round(longest[1] - longest[0], 2) if longest else 0.0
        figures.longest_silence_start = round(longest[0], 2) if longest else None
    timeline: list[dict[str, Any]] = []
    for speaker, spans in sorted(roles.items()):
        timeline.extend(_span("speech", start, end, speaker=speaker) for start, end in spans)
    if by_speaker is None:
        timeline.extend(_span("speech", start, end, speaker="unknown") for start, end in speech)
    timeline.extend(_span("silence", start, end) for start, end in silences)

    for segment in segments:
        if segment.speaker != "operator" or not is_question(segment.text):
            continue
        for start, end in silences:
            if abs(start - segment.end) <= _FOLLOWS_S and end - start >= DEAD_AIR_MIN_S:
                figures.dead_air_seconds += end - start
                timeline.append(_span("dead_air", start, end, segment=segment.pk))
                break

    operator_speech = roles.get("operator") or segment_speech(segments).get("operator", [])
    # The operator's long silences; one that starts soon after an announcement is a hold (the
    # operator may add «я уточню» before going quiet). Each silence is counted once.
    operator_silences = gaps(operator_speech, duration=duration, minimum=HOLD_MIN_S)
    held: set[Interval] = set()
    for position in hold_announcements(segments):
        announced = segments[position]
        for start, end in operator_silences:
            if (
                announced.start <= start <= announced.end + HOLD_WITHIN_S
                and (start, end) not in held
            ):
                held.add((start, end))
                figures.hold_seconds += end - start
                timeline.append(_span("hold", start, end, segment=announced.pk))
                break

    if stereo and by_speaker is not None:
        overlap = intersection(merge(roles.get("operator", ())), merge(roles.get("customer", ())))
        figures.overtalk_seconds = round(total(overlap), 2)
        timeline.extend(_span("overtalk", start, end) for start, end in overlap)
        found = interruptions(roles)
        figures.interruptions_by_operator = sum(1 for item in found if item.by == "operator")
        figures.interruptions_by_customer = sum(1 for item in found if item.by == "customer")
        timeline.extend(_span("interruption", item.at, item.end, speaker=item.by) for item in found)
    else:
        figures.unavailable["overtalk"] = MONO_CHANNELS
        figures.unavailable["interruptions"] = MONO_CHANNELS
    figures.dead_air_seconds = round(figures.dead_air_seconds, 2)
    figures.hold_seconds = round(figures.hold_seconds, 2)
    figures.timeline = sorted(timeline, key=lambda item: (item["start"], item["kind"]))
    return figures


def _span(kind: str, start: float, end: float, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "start": round(start, 2), "end": round(end, 2), **extra}
