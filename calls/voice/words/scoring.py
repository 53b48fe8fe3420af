"""Word scores of each customer segment: what the emotion step (issue 18 §3) reads.

`segment_word_scores(segments)` is pure apart from reading the compiled cue set (cached per
process, calls/voice/words/cue_sets.py); each score carries the cues that fired with their
token and character spans and times, so every number is a moment a person can listen to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from calls.models import CueKind
from calls.phrase_runtime.phrase_sets import CompiledPhrases, Found
from calls.phrase_runtime.transcripts import CallTranscript
from calls.phrases import SegmentText
from calls.voice.words.cue_sets import CUE_PHRASES, cue_table
from calls.voice.words.questions import repeated_questions

# A shouted word: all capitals, at least four letters (so abbreviations like «МТС» are not).
CAPS_RE = re.compile(r"\b[А-ЯЁA-Z]{4,}\b")


@dataclass(frozen=True)
class FiredCue:
    cue_id: int
    kind: str
    weight: float
    negated: bool
    text: str  # as heard (mask before showing: calls/voice/words/masking.py)
    token_start: int
    token_end: int
    char_start: int
    char_end: int
    start: float
    end: float


@dataclass
class WordScore:
    segment_index: int
    negative: float = 0.0
    positive: float = 0.0
    confusion: float = 0.0
    satisfaction: float = 0.0
    escalation: float = 0.0
    escalation_hits: int = 0
    profanity: int = 0
    exclamations: int = 0
    caps_words: int = 0
    repeated_question: bool = False
    repeats_segment: int | None = None
    cues: list[FiredCue] = field(default_factory=list)


def fired_cues(found: dict[int, list[Found]], table: dict[int, tuple[str, float, str]]
               ) -> list[tuple[int, FiredCue]]:
    """(segment position, cue) for every match the compiled set found, in transcript order."""
    fired: list[tuple[int, FiredCue]] = []
    for evidence in found.values():
        for item in evidence:
            negated = item.phrase_id < 0
            cue_id = abs(item.phrase_id)
            if cue_id not in table:
                continue  # edited away since the matcher was compiled
            kind, weight, _text = table[cue_id]
            match = item.match
            fired.append((match.segment_index, FiredCue(
                cue_id=cue_id, kind=kind, weight=weight, negated=negated, text=item.text,
                token_start=match.token_start, token_end=match.token_end,
                char_start=match.char_start, char_end=match.char_end,
                start=round(match.start, 3), end=round(match.end, 3),
            )))
    fired.sort(key=lambda pair: (pair[0], pair[1].char_start))
    return fired


def _add(score: WordScore, cue: FiredCue) -> None:
    score.cues.append(cue)
    if cue.negated:
        # «не очень хорошо», «не доволен»: a negated positive word is a negative one; a negated
        # negative word («не плохо») is no evidence either way.
        if cue.kind in (CueKind.POSITIVE, CueKind.SATISFACTION):
            score.negative += cue.weight
        return
    if cue.kind == CueKind.NEGATIVE:
        score.negative += cue.weight
    elif cue.kind == CueKind.POSITIVE:
        score.positive += cue.weight
    elif cue.kind == CueKind.SATISFACTION:
        score.satisfaction += cue.weight
    elif cue.kind == CueKind.CONFUSION:
        score.confusion += cue.weight
    elif cue.kind == CueKind.ESCALATION:
        score.escalation += cue.weight
        score.escalation_hits += 1
    elif cue.kind == CueKind.PROFANITY:
        score.profanity += 1


def transcript_word_scores(
    transcript: CallTranscript, *, compiled: CompiledPhrases | None = None,
    table: dict[int, tuple[str, float, str]] | None = None,
) -> tuple[list[WordScore], list[tuple[int, FiredCue]]]:
    """The customer segments' scores, and every cue fired in the call (any speaker)."""
    compiled = compiled or CUE_PHRASES.compiled()
    table = cue_table() if table is None else table
    fired = fired_cues(compiled.find(transcript), table)
    segments = transcript.segments
    repeats = repeated_questions(segments)
    scores = {
        index: WordScore(
            segment_index=index, exclamations=segment.text.count("!"),
            caps_words=len(CAPS_RE.findall(segment.text)),
            repeated_question=index in repeats, repeats_segment=repeats.get(index),
        )
        for index, segment in enumerate(segments)
        if segment.speaker == "customer"
    }
    for index, cue in fired:
        if index in scores:
            _add(scores[index], cue)
    return list(scores.values()), fired


def segment_word_scores(segments: Sequence[SegmentText]) -> list[WordScore]:
    """Per customer segment: lexicon and cue scores, profanity, escalation hits, «!» and
    all-caps words, the repeated-question flag, and the cues that fired with their spans."""
    transcript = CallTranscript(
        call_id=0, duration=None, segment_ids=list(range(len(segments))),
        segment_numbers=list(range(len(segments))), segments=list(segments),
    )
    scores, _fired = transcript_word_scores(transcript)
    return scores
