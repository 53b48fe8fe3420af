"""Finding a call's turning points from its segments and the customer segments' irritation.

A customer segment is *irritated* at IRRITATED or above and *calm* below CALM (the irritation
the emotion step stores: words and, when heard, the voice's arousal). Between two neighbouring
customer segments the operator's last phrase is the candidate:
- calming: an irritated customer segment, then the next STAY customer segments all calm (or all
  that are left, at least one, when the call ends sooner) — a drop that stays down;
- escalation: a calm customer segment, then an irritated one.
A stretch with no operator phrase between the two customer segments has no turning point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calls.voice.emotion.rule import SEGMENT_THRESHOLD

IRRITATED = SEGMENT_THRESHOLD  # 1.0: the emotion step calls a segment «раздражение» from here
CALM = 0.5
STAY = 2

CALMING = "calming"
ESCALATION = "escalation"


@dataclass(frozen=True)
class Line:
    segment_id: int
    speaker: str
    start: float
    # The customer's irritation; None for the operator's lines.
    irritation: float | None = None


@dataclass(frozen=True)
class Turn:
    kind: str
    operator: Line
    before: Line
    after: Line

    @property
    def change(self) -> float:
        before, after = self.before.irritation or 0.0, self.after.irritation or 0.0
        return before - after if self.kind == CALMING else after - before


def turning_points(lines: Sequence[Line]) -> list[Turn]:
    """The call's turning points in time order; `lines` are the call's segments in order."""
    customers = [i for i, line in enumerate(lines) if line.irritation is not None]
    turns = []
    for position in range(len(customers) - 1):
        before, after = lines[customers[position]], lines[customers[position + 1]]
        between = [
            line
            for line in lines[customers[position] + 1 : customers[position + 1]]
            if line.speaker == "operator"
        ]
        if not between:
            continue
        level_before, level_after = before.irritation or 0.0, after.irritation or 0.0
        if level_before >= IRRITATED:
            following = [lines[i] for i in customers[position + 1 : position + 1 + STAY]]
            if all((line.irritation or 0.0) < CALM for line in following):
                turns.append(Turn(kind=CALMING, operator=between[-1], before=before, after=after))
        elif level_before < CALM and level_after >= IRRITATED:
            turns.append(Turn(kind=ESCALATION, operator=between[-1], before=before, after=after))
    return turns
