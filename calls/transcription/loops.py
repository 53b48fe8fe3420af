"""Dropping the text Whisper makes up: repetition loops and the captions it learnt from films.

Whisper was trained on subtitles, so on silence or noise it may "hear" a subtitle credit, and once a
decoder starts repeating itself it tends to go on until the token limit. Both look like speech to
everything downstream (scripts, keywords, talk ratios), so they are removed here.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

# Whisper's own threshold for a failed decode is 2.4; real phrases of a call stay far below it.
MAX_COMPRESSION_RATIO = 2.4
# The same n-gram this many times in a row is a loop, not emphasis ("да, да, да" is three).
MAX_NGRAM_REPEATS = 4
MAX_NGRAM = 6
# The same text in this many consecutive segments (plus the first one) is a loop across windows.
MAX_IDENTICAL_RUN = 2
# Above this the decoder itself thought there was no speech; a known caption there is invented.
HALLUCINATION_NO_SPEECH_PROB = 0.5

_KNOWN_HALLUCINATIONS = (
    "продолжение следует",
    "субтитры сделал",
    "субтитры делал",
    "субтитры подготовил",
    "субтитры создавал",
    "субтитры предоставлены",
    "редактор субтитров",
    "спасибо за просмотр",
    "благодарю за просмотр",
    "спасибо за внимание",
    "подписывайтесь на канал",
    "ставьте лайки",
    "dimatorzok",
    "amara.org",
    "субтитры",
)
_WORD = re.compile(r"\w+")


class SegmentLike(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def no_speech_prob(self) -> float: ...


S = TypeVar("S", bound=SegmentLike)


@dataclass(frozen=True)
class Verdict:
    drop: bool
    reason: str = ""


def normalized_words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    if not data:
        return 0.0
    return len(data) / len(zlib.compress(data))


def longest_ngram_run(words: Sequence[str], max_n: int = MAX_NGRAM) -> int:
    """How many times in a row the most repeated n-gram (n <= max_n) occurs back to back."""
    best = 1 if words else 0
    for n in range(1, max_n + 1):
        for start in range(n):
            run = 1
            previous: tuple[str, ...] | None = None
            for i in range(start, len(words) - n + 1, n):
                gram = tuple(words[i : i + n])
                if gram == previous:
                    run += 1
                    best = max(best, run)
                else:
                    run = 1
                previous = gram
    return best


def is_known_hallucination(text: str) -> bool:
    flat = " ".join(normalized_words(text))
    return any(phrase in flat for phrase in _KNOWN_HALLUCINATIONS)


def judge(text: str, no_speech_prob: float, previous_texts: Sequence[str] = ()) -> Verdict:
    """Whether one segment is invented; previous_texts are the kept segments before it."""
    words = normalized_words(text)
    if not words:
        return Verdict(True, "empty")
    if longest_ngram_run(words) > MAX_NGRAM_REPEATS:
        return Verdict(True, "repeated n-gram")
    # Short texts compress badly whatever they are; only a long one can show a loop this way.
    if len(text) >= 40 and compression_ratio(text) > MAX_COMPRESSION_RATIO:
        return Verdict(True, "compression ratio")
    flat = " ".join(words)
    recent = [" ".join(normalized_words(t)) for t in previous_texts[-MAX_IDENTICAL_RUN:]]
    if len(recent) == MAX_IDENTICAL_RUN and all(r == flat for r in recent):
        return Verdict(True, "identical to previous segments")
    if no_speech_prob >= HALLUCINATION_NO_SPEECH_PROB and is_known_hallucination(text):
        return Verdict(True, "known silence hallucination")
    return Verdict(False)


def drop_hallucinations(segments: Iterable[S]) -> list[S]:
    """The segments worth keeping, in order; works on any record with text and no_speech_prob."""
    kept: list[S] = []
    for segment in segments:
        if not judge(segment.text, segment.no_speech_prob, [s.text for s in kept]).drop:
            kept.append(segment)
    return kept
