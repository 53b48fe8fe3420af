"""Loading the transcripts of many calls at once, as the phrase engine reads them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from calls.models import Call, Segment
from calls.phrases import SegmentText, WordTiming


@dataclass
class CallTranscript:
    call_id: int
    duration: float | None
    segment_ids: list[int] = field(default_factory=list)
    segment_numbers: list[int] = field(default_factory=list)
    segments: list[SegmentText] = field(default_factory=list)


def word_timings(words: Any) -> tuple[WordTiming, ...] | None:
    """A segment's stored word times, or None when absent or malformed (the engine then
    interpolates times by character offset)."""
    if not isinstance(words, list) or not words:
        return None
    try:
        return tuple(WordTiming(str(w["word"]), float(w["start"]), float(w["end"])) for w in words)
    except (KeyError, TypeError, ValueError):
        return None


def load_transcripts(call_ids: Sequence[int]) -> list[CallTranscript]:
    """The segments of these calls in two queries, in the order of `call_ids`."""
    by_call = {
        pk: CallTranscript(call_id=pk, duration=duration or None)
        for pk, duration in Call.objects.filter(pk__in=call_ids).values_list("pk", "duration")
    }
    rows = (
        Segment.objects.filter(call_id__in=call_ids)
        .order_by("call_id", "index")
        .values_list("pk", "call_id", "index", "speaker", "start", "end", "text", "words")
    )
    for pk, call_id, number, speaker, start, end, text, words in rows:
        transcript = by_call[call_id]
        transcript.segment_ids.append(pk)
        transcript.segment_numbers.append(number)
        transcript.segments.append(
            SegmentText(speaker, start, end, text, word_timings(words))  # type: ignore[arg-type]
        )
    return [by_call[pk] for pk in call_ids if pk in by_call]


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for offset in range(0, len(items), size):
        yield items[offset:offset + size]
