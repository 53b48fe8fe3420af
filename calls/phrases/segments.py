"""Input segments and output matches of the phrase engine."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

SegmentSpeaker = Literal["operator", "customer", "unknown"]


@dataclass(frozen=True, slots=True)
class WordTiming:
    """An ASR word: its text as it appears in the segment text, and its time span (seconds)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class SegmentText:
    speaker: SegmentSpeaker
    start: float
    end: float
    text: str
    words: tuple[WordTiming, ...] | None = None


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """One occurrence of a rule's phrase.

    ``token_start``/``token_end`` are the first and last matched token indexes (inclusive);
    ``char_start``/``char_end`` are a half-open span of the segment's original text, from the
    first matched word to the last; ``start``/``end`` are seconds from the call start.
    """

    key: Hashable
    segment_index: int
    token_start: int
    token_end: int
    char_start: int
    char_end: int
    start: float
    end: float
