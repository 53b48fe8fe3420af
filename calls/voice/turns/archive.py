"""Over the archive: the operator phrasings (lemma bigrams and trigrams, calls/mining/words.py)
that most often come right before the customer calmed down or boiled over.

Raw counts favour what operators say all the time («сейчас проверю»), so a phrasing is ranked by
its *share*: of the operator's phrases in hot calls that contain it, the share that came right
before a calming (or an escalation) — with a minimum support of MIN_POINTS turning points, and
ties broken by the count. The page says so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from calls.mining.words import Lemmas, content_words, ngrams
from calls.models import Call, Segment, TurningPoint
from calls.voice.turns.detect import CALMING, ESCALATION
from project.roles import AnyUser

MIN_POINTS = 2
LIMIT = 20


@dataclass(frozen=True)
class TurnMoment:
    call_id: int
    at: float


@dataclass
class TurnPhrasing:
    lemmas: Lemmas
    surface: str = ""
    moments: list[TurnMoment] = field(default_factory=list)  # the turning points (one per point)
    uses: list[TurnMoment] = field(default_factory=list)  # every operator phrase with it

    @property
    def text(self) -> str:
        return " ".join(self.lemmas)

    @property
    def count(self) -> int:
        return len(self.moments)

    @property
    def share(self) -> float:
        return self.count / len(self.uses) if self.uses else 0.0

    @property
    def call_ids(self) -> list[int]:
        return sorted({moment.call_id for moment in self.moments})


@dataclass(frozen=True)
class TurnsArchive:
    calming: list[TurnPhrasing]
    escalation: list[TurnPhrasing]
    calls: int  # hot calls with turning points in the period


def _grams(text: str) -> dict[Lemmas, str]:
    return dict(ngrams(content_words(text)))


def turns_archive(
    *,
    user: AnyUser,
    date_from: date,
    date_to: date,
    min_points: int = MIN_POINTS,
    limit: int = LIMIT,
) -> TurnsArchive:
    calls = Call.objects.visible_to(user).filter(
        started_at__date__gte=date_from, started_at__date__lte=date_to, emotion__hot=True
    )
    points = TurningPoint.objects.filter(call__in=calls).values_list(
        "kind", "operator_segment_id", "call_id", "at"
    )
    by_segment: dict[int, list[str]] = defaultdict(list)
    turn_calls = set()
    for kind, segment_id, call_id, _at in points:
        by_segment[segment_id].append(kind)
        turn_calls.add(call_id)
    found: dict[str, dict[Lemmas, TurnPhrasing]] = {CALMING: {}, ESCALATION: {}}
    operator_lines = Segment.objects.filter(call__in=calls, speaker="operator").values_list(
        "pk", "call_id", "start", "text"
    )
    uses: dict[Lemmas, list[TurnMoment]] = defaultdict(list)
    for segment_id, call_id, start, text in operator_lines.iterator():
        moment = TurnMoment(call_id=call_id, at=start)
        for lemmas, surface in _grams(text).items():
            uses[lemmas].append(moment)
            for kind in by_segment.get(segment_id, ()):
                phrasing = found[kind].setdefault(lemmas, TurnPhrasing(lemmas, surface))
                phrasing.moments.append(moment)

    def ranked(kind: str) -> list[TurnPhrasing]:
        kept = []
        for lemmas, phrasing in found[kind].items():
            phrasing.uses = uses[lemmas]
            if phrasing.count >= min_points:
                kept.append(phrasing)
        kept.sort(key=lambda p: (-p.share, -p.count, p.text))
        return kept[:limit]

    return TurnsArchive(
        calming=ranked(CALMING), escalation=ranked(ESCALATION), calls=len(turn_calls)
    )
