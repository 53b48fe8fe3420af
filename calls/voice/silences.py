"""Time on a call's line: who speaks when, the silences between, and what happens across turns.

Pure Python over intervals in seconds (no audio, no Django), so that a call heard from its
recording and a transcript imported without one are measured by the same rules: the audio gives
speech intervals per channel from the voice activity detector, a transcript gives them from its
segments' times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Interval = tuple[float, float]

# A pause shorter than this is part of speaking, not a silence on the line.
MIN_SILENCE_S = 1.0
# A speaker who starts while the other is speaking interrupts when the other stops within this
# many seconds (the other gave way); a longer overlap is a backchannel («угу») or overtalk.
INTERRUPTION_GIVE_WAY_S = 2.0
# The other must have been speaking this long already: two people starting at once is no
# interruption.
INTERRUPTION_MIN_INTO_S = 0.5

_QUESTION_WORDS = frozenset(
    "как какой какая какое какие каким какую когда где куда откуда почему зачем что чем "
    "сколько можно могу могли можете скажите подскажите назовите уточните верно правильно "
    "удобно".split()
)
_WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, in time order."""
    result: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def total(intervals: Iterable[Interval]) -> float:
    return sum(end - start for start, end in intervals)


def intersection(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Where both merged interval lists are on at once."""
    result: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def gaps(
    speech: Sequence[Interval], *, duration: float, minimum: float = MIN_SILENCE_S
) -> list[Interval]:
    """The silences of the line: where nobody speaks for at least `minimum` seconds."""
    result: list[Interval] = []
    cursor = 0.0
    for start, end in merge(speech):
        if start - cursor >= minimum:
            result.append((cursor, start))
        cursor = max(cursor, end)
    if duration - cursor >= minimum:
        result.append((cursor, duration))
    return result


@dataclass(frozen=True)
class Interruption:
    by: str  # who started speaking: "operator" or "customer"
    at: float
    end: float  # when the interrupted speaker stopped


def interruptions(by_speaker: Mapping[str, Sequence[Interval]]) -> list[Interruption]:
    """Turns started while the other was mid-turn, the other stopping soon after."""
    found: list[Interruption] = []
    for who, other in (("operator", "customer"), ("customer", "operator")):
        theirs = merge(by_speaker.get(other, ()))
        for start, _end in merge(by_speaker.get(who, ())):
            for other_start, other_end in theirs:
                if (
                    other_start + INTERRUPTION_MIN_INTO_S <= start < other_end
                    and other_end - start <= INTERRUPTION_GIVE_WAY_S
                ):
                    found.append(Interruption(by=who, at=start, end=other_end))
                    break
    return sorted(found, key=lambda item: item.at)


def is_question(text: str) -> bool:
    """A question: it ends with «?», or its first or last word asks («как…», «…верно»)."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    words = [word.lower() for word in _WORD.findall(stripped)]
    return bool(words) and (words[0] in _QUESTION_WORDS or words[-1] in _QUESTION_WORDS)

