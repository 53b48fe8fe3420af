"""Which segments a rule may look at, and the time of a matched character span."""

from __future__ import annotations

from collections.abc import Sequence

from calls.phrases.rules import Window
from calls.phrases.segments import SegmentText, WordTiming


def call_length(segments: Sequence[SegmentText], call_duration: float | None) -> float:
    """The caller's duration, or the end of the last segment when it is not known."""
    if call_duration is not None:
        return call_duration
    return max((segment.end for segment in segments), default=0.0)


def in_window(segment: SegmentText, window: Window | None, call_duration: float) -> bool:
    """("first", N): the segment starts before N s; ("last", N): it ends after duration - N s.

    Strict inequalities: a segment starting exactly at N s is not "in the first N seconds".
    """
    if window is None:
        return True
    kind, seconds = window
    if kind == "first":
        return segment.start < seconds
    return segment.end > call_duration - seconds


def speaker_allows(rule_speaker: str, segment_speaker: str) -> bool:
    return rule_speaker == "any" or rule_speaker == segment_speaker


def span_time(segment: SegmentText, char_start: int, char_end: int) -> tuple[float, float]:
    """Time of ``text[char_start:char_end]``: from word timings when they cover the span,
    otherwise interpolated linearly by character offset within the segment."""
    if segment.words:
        timed = _from_words(segment.text, segment.words, char_start, char_end)
        if timed is not None:
            return timed
    length = len(segment.text) or 1
    duration = segment.end - segment.start
    return (
        segment.start + duration * char_start / length,
        segment.start + duration * char_end / length,
    )


def _from_words(
    text: str, words: Sequence[WordTiming], char_start: int, char_end: int
) -> tuple[float, float] | None:
    # ASR words arrive in text order; find each one after the previous to get its char span.
    cursor = 0
    start: float | None = None
    end: float | None = None
    for word in words:
        piece = word.text.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0:
            return None
        cursor = at + len(piece)
        if at < char_end and cursor > char_start:
            if start is None:
                start = word.start
            end = word.end
    if start is None or end is None:
        return None
    return start, end
