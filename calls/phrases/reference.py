"""Reference matcher: the phrase semantics written out plainly, by brute force.

It defines what the compiled matcher (automaton.py) must return and is used by the property
test; it is far too slow for production (every rule × every start × every gap combination).

A segment's tokens are those of numbers.read_tokens: `tokenize`'s, except that a number said or
written in several tokens («девяносто пять», «2 000», «двадцать пятого») is one token, whose text
is its words joined by a space and whose span covers all its words. A phrase's words are read the
same way (rules.lemmatize_phrase), and a number's candidate lemmas are its readings as a number
(lemmas.candidate_lemmas → numbers.number_readings: «девяносто», «90» → {90}; «третьего», «3-го»
→ {3-й}; bare digits «3» → {3, 3-й}), so «90» and «девяносто» are the same word, «девяносто
пять» is never «девяносто» with a gap, a cardinal word never matches an ordinal one («три» is not
«третий»), and a number of several words counts as one token towards ``max_gap``.

For a rule whose speaker and window admit the segment, an *alignment* is a tuple of token
indexes p0 < p1 < … with token p_j matching phrase word j and at most ``max_gap`` tokens
between consecutive p's. Unless some phrase word matches «не» itself, the token just before p0
and every token from p0 to the last p must not be «не» (so «не ждал», «ждал не на линии» are
rejected). Scanning starts left to right; at each start the lexicographically smallest valid
alignment is the match and scanning resumes after its last token (matches of one rule in one
segment never overlap). Results are ordered by segment, first token, rule order, last token.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from calls.phrases.lemmas import candidate_lemmas
from calls.phrases.numbers import read_tokens
from calls.phrases.rules import PhraseRule, WordSpec, has_own_negation, validate_rule
from calls.phrases.segments import PhraseMatch, SegmentText
from calls.phrases.timing import span_time
from calls.phrases.tokens import NEGATION, Token


def reference_match(
    rules: Sequence[PhraseRule],
    segments: Sequence[SegmentText],
    call_duration: float | None = None,
) -> list[PhraseMatch]:
    parsed = [validate_rule(rule) for rule in rules]
    if call_duration is None:
        call_duration = max((segment.end for segment in segments), default=0.0)
    found: list[tuple[int, int, int, int, PhraseMatch]] = []
    for segment_index, segment in enumerate(segments):
        tokens = read_tokens(segment.text)
        for rule_index, (rule, words) in enumerate(zip(rules, parsed, strict=True)):
            if rule.speaker != "any" and rule.speaker != segment.speaker:
                continue
            if rule.window is not None:
                kind, seconds = rule.window
                if kind == "first" and not segment.start < seconds:
                    continue
                if kind == "last" and not segment.end > call_duration - seconds:
                    continue
            for positions in _scan(tokens, words, rule.max_gap):
                first, last = tokens[positions[0]], tokens[positions[-1]]
                start, end = span_time(segment, first.start, last.end)
                match = PhraseMatch(
                    rule.key,
                    segment_index,
                    positions[0],
                    positions[-1],
                    first.start,
                    last.end,
                    start,
                    end,
                )
                found.append((segment_index, positions[0], rule_index, positions[-1], match))
    found.sort(key=lambda item: item[:4])
    return [item[4] for item in found]


def _scan(tokens: list[Token], words: tuple[WordSpec, ...], max_gap: int) -> list[list[int]]:
    guarded = not has_own_negation(words)
    matches = []
    start = 0
    while start < len(tokens):
        positions = _first_alignment(tokens, words, max_gap, guarded, start)
        if positions is None:
            start += 1
        else:
            matches.append(positions)
            start = positions[-1] + 1
    return matches


def _first_alignment(
    tokens: list[Token], words: tuple[WordSpec, ...], max_gap: int, guarded: bool, start: int
) -> list[int] | None:
    # product() enumerates gap tuples in lexicographic order, which for a fixed start is the
    # lexicographic order of the position tuples.
    for gaps in itertools.product(range(max_gap + 1), repeat=len(words) - 1):
        positions = [start]
        for gap in gaps:
            positions.append(positions[-1] + gap + 1)
        if positions[-1] >= len(tokens):
            continue
        if not all(
            word.matches(tokens[p].text, candidate_lemmas(tokens[p].text))
            for word, p in zip(words, positions, strict=True)
        ):
            continue
        if guarded:
            guarded_span = range(max(start - 1, 0), positions[-1] + 1)
            if any(tokens[p].text == NEGATION for p in guarded_span):
                continue
        return positions
    return None
