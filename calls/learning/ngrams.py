"""Lemma n-grams that separate a label's positive calls from the rest: phrases a trainer can add.

Ranked by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
«Fightin' words»), the prior spread as each n-gram's share of all the labelled calls: a phrase
said in many calls of both groups is shrunk towards zero, and a rare one is not trusted on one
call. Each candidate's precision and recall are then measured with the phrase engine itself
(calls/phrases: any word form, the gap, the negation rule), so the figures a trainer sees are
what the phrase would really do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from calls.learning.documents import text_lemmas
from calls.learning.learner import log_odds
from calls.phrases import PhraseRule, SegmentText, compile_rules
from calls.phrases.rules import RuleSpeaker

N_MAX = 3
PRIOR_WEIGHT = 10.0
NEGATION = "не"


@dataclass(frozen=True)
class NgramCandidate:
    text: str
    log_odds: float
    z: float
    call_ids: frozenset[int]  # labelled calls where the phrase engine finds it
    precision: float
    recall_gain: float


def segment_ngrams(text: str, n_max: int = N_MAX) -> set[tuple[str, ...]]:
    """Lemma n-grams of one segment that could be a phrase: they start and end with a content
    word (a leading «не» is kept: «не пришел» is a phrase, «пришел» after «не» is not)."""
    words = text_lemmas(text)
    found: set[tuple[str, ...]] = set()
    for start in range(len(words)):
        first, first_content = words[start]
        if not first_content and first != NEGATION:
            continue
        for end in range(start, min(start + n_max, len(words))):
            last, last_content = words[end]
            if not last_content:
                continue
            gram = tuple(lemma for lemma, _ in words[start : end + 1])
            if gram == (NEGATION,):
                continue
            found.add(gram)
    return found


def call_ngrams(segments: Sequence[SegmentText], speaker: str | None) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for segment in segments:
        if speaker is None or segment.speaker == speaker:
            grams |= segment_ngrams(segment.text)
    return grams


def phrase_calls(
    text: str, segments_of: Mapping[int, Sequence[SegmentText]], speaker: str | None
) -> set[int]:
    """The calls where the phrase engine finds this phrase (on this speaker's segments)."""
    rule_speaker = cast(RuleSpeaker, speaker or "any")
    matcher = compile_rules([PhraseRule(key=0, text=text, speaker=rule_speaker)])
    return {call_id for call_id, segments in segments_of.items() if matcher.match(segments)}


def separating_ngrams(
    *,
    segments_of: Mapping[int, Sequence[SegmentText]],
    positive: Collection[int],
    covered: Collection[int] = (),
    speaker: str | None = "customer",
    limit: int = 10,
    min_support: int = 2,
) -> list[NgramCandidate]:
    """The n-grams of the positive calls that separate them from the other labelled calls, best
    z first, each adding recall: `covered` are the positive calls already found (the label's
    current phrases), and a phrase that finds none of the others is not suggested."""
    positive = set(positive) & set(segments_of)
    negative = set(segments_of) - positive
    if not positive:
        return []
    grams_of = {
        call_id: call_ngrams(segments, speaker) for call_id, segments in segments_of.items()
    }
    pos_counts: Counter[tuple[str, ...]] = Counter()
    all_counts: Counter[tuple[str, ...]] = Counter()
    for call_id, grams in grams_of.items():
        all_counts.update(grams)
        if call_id in positive:
            pos_counts.update(grams)
    support = min(min_support, len(positive))
    total = len(segments_of)
    scored = []
    for gram, y_pos in pos_counts.items():
        if y_pos < support:
            continue
        y_neg = all_counts[gram] - y_pos
        prior = PRIOR_WEIGHT * (all_counts[gram] + 0.5) / (total + 1.0)
        delta, z = log_odds(
            y_pos=y_pos,
            n_pos=len(positive),
            y_neg=y_neg,
            n_neg=len(negative),
            prior=prior,
            prior_total=PRIOR_WEIGHT,
        )
        if z > 0:
            scored.append((z, gram, delta))
    scored.sort(key=lambda item: (-item[0], item[1]))
    uncovered = positive - set(covered)
    checked: list[tuple[float, float, int, NgramCandidate]] = []
    # Only the best few are checked with the engine (compiling a rule is the costly part).
    for z, gram, delta in scored[: limit * 5]:
        text = " ".join(gram)
        try:
            found = phrase_calls(text, segments_of, speaker)
        except ValueError:  # a lemma the phrase syntax refuses
            continue
        gain = len(found & uncovered) / len(positive)
        if not found or gain <= 0:
            continue
        candidate = NgramCandidate(
            text=text,
            log_odds=round(delta, 4),
            z=round(z, 4),
            call_ids=frozenset(found),
            precision=round(len(found & positive) / len(found), 4),
            recall_gain=round(gain, 4),
        )
        checked.append((candidate.z, gain, len(gram), candidate))
    # Equal z (the same calls): the one adding more recall, then the longer, more specific one.
    checked.sort(key=lambda item: (-item[0], -item[1], -item[2], item[3].text))
    return [candidate for *_rank, candidate in checked[:limit]]
