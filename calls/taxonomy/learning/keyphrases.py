"""Key phrases to add to a tag: lemma n-grams that separate its reference-tagged calls from the
other annotated calls (log-odds with an informative Dirichlet prior, Monroe et al. 2008; see
calls/learning/ngrams.py), each with the precision it has and the recall it would add on the
annotated calls, measured with the phrase engine itself. The monthly review (section 5 of issue
17) offers them to an admin; the learner's benchmark accepts those with precision ≥ 0.8.
"""

from __future__ import annotations

from dataclasses import dataclass

from calls.learning.ngrams import separating_ngrams
from calls.models import Tag, phrase_rule
from calls.phrase_runtime.transcripts import load_transcripts
from calls.phrases import SegmentText, compile_rules
from calls.taxonomy.annotation.reference import Reference
from calls.taxonomy.learning.training import LEARNED_SPEAKER


@dataclass(frozen=True)
class KeyPhraseSuggestion:
    text: str  # lemma words joined by spaces: a phrase a trainer can add as it is
    log_odds: float
    z: float
    precision: float  # of the annotated calls where the phrase is found, the share with the tag
    recall_gain: float  # share of the tag's annotated calls it finds that its phrases miss
    call_ids: frozenset[int]  # the annotated calls where it is found


def keyphrase_suggestions(
    *, tag: Tag, reference: dict[int, Reference], limit: int = 10
) -> list[KeyPhraseSuggestion]:
    """Up to `limit` phrases for `tag`, best separating first; each finds at least one
    annotated call with the tag that the tag's active phrases miss. Calls where the tag is
    tied are left out (neither side)."""
    call_ids = [call_id for call_id, ref in reference.items() if tag.pk not in ref.ties]
    transcripts = load_transcripts(sorted(call_ids))
    segments_of = {transcript.call_id: transcript.segments for transcript in transcripts}
    positive = {call_id for call_id in segments_of if tag.pk in reference[call_id].tags}
    return [
        KeyPhraseSuggestion(
            text=found.text,
            log_odds=found.log_odds,
            z=found.z,
            precision=found.precision,
            recall_gain=found.recall_gain,
            call_ids=found.call_ids,
        )
        for found in separating_ngrams(
            segments_of=segments_of,
            positive=positive,
            covered=_found_by_phrases(tag, segments_of),
            speaker=LEARNED_SPEAKER,
            limit=limit,
        )
    ]


def _found_by_phrases(tag: Tag, segments_of: dict[int, list[SegmentText]]) -> set[int]:
    """The calls where the tag's active phrases match now (not the stored auto tags, which may
    predate a phrase edit)."""
    rules = [
        phrase_rule(
            key=phrase.pk,
            text=phrase.text,
            speaker=phrase.speaker,
            max_gap=phrase.max_gap,
            window_kind=phrase.window_kind,
            window_seconds=phrase.window_seconds,
        )
        for phrase in tag.phrases.filter(is_active=True)
    ]
    if not rules:
        return set()
    matcher = compile_rules(rules)
    return {call_id for call_id, segments in segments_of.items() if matcher.match(segments)}
