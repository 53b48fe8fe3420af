"""Compiled phrase matcher: all active rules in one structure, built once.

How a segment is matched (the semantics are those of reference.py):

1. fold + tokenize with one ``re.findall`` (no per-token objects);
2. map each distinct token, once per matcher, to one character standing for its *signature*:
   the set of phrase words it can fill (by candidate lemma, exact form or prefix) — so a
   segment becomes a short string built by ``"".join(map(dict.__getitem__, tokens))`` in C.
   Tokens that fill no phrase word share one filler character; «не» gets its own, and so do
   tokens that can be part of a number of several tokens («девяносто», «2»);
2a. only when two such number characters stand side by side (a set test, then one regex search)
   are numbers of several tokens («девяносто пять», «2 тысячи») joined into one token
   (numbers.joined_numbers), as the reference reads them, and the segment's string rebuilt;
3. every rule has an *anchor*: its rarest word (content words over function words, exact forms
   and long prefixes first). The distinct characters of a segment intersected with the set of
   anchor-bearing characters (one C-level set operation) tell which rules may be present;
4. a rule is checked only when every one of its words is among the segment's signatures (a
   frozenset subset test); then its candidate starts around the anchor positions go through a
   depth-first search over gaps and the negation guard, in the reference's order.

For step 3 ``bench_phrases.py`` also times a regex character class and pyahocorasick over the
signature strings (1M tokens: set ~64 ms, regex ~52 ms, pyahocorasick ~129 ms). The scans cost
about the same, but the set yields distinct characters, so the Python loop after it runs once
per distinct anchor character rather than once per hit. An automaton over contiguous lemma-id
strings cannot express gaps or ambiguous lemmas anyway, so it could only be an anchor finder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from calls.phrases.lemmas import CACHE_LIMIT, candidate_lemmas, part_of_speech
from calls.phrases.numbers import NumberGroup, joined_numbers, joined_text, joins_numbers
from calls.phrases.rules import PhraseRule, WordSpec, has_own_negation, validate_rule
from calls.phrases.segments import PhraseMatch, SegmentText
from calls.phrases.timing import call_length, in_window, span_time
from calls.phrases.tokens import COMBINING_RE, NEGATION, TOKEN_RE, FoldedText, fold_text

FILLER = " "
# Signature characters; stopping below the surrogates keeps every string valid UTF-8.
_CHAR_RANGE = (0x0100, 0xD800)

_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED"})
_FREQUENT_LEMMAS = frozenset(
    "быть это весь мочь такой вот ну да нет так как что этот тот свой уже еще очень "
    "там тут здесь когда если вы я мы он она они сейчас можно надо нужно ли бы же "
    "1 2 3 раз день минута час".split()
)


_SPAN = re.Match.span


class _Exhausted(Exception):
    """More distinct signatures than reserved characters; tables are rebuilt."""


class _CharTable(dict[str, str]):
    """Token → signature character; filled on first sight of a token."""

    def __init__(self, matcher: PhraseMatcher) -> None:
        super().__init__()
        self._matcher = matcher

    def __missing__(self, word: str) -> str:
        char = self._matcher._char_for(word)
        self[word] = char
        return char


class PhraseMatcher:
    """Matches every compiled rule against transcript segments; see compile_rules."""

    def __init__(self, rules: Sequence[PhraseRule]) -> None:
        self.rules: tuple[PhraseRule, ...] = tuple(rules)
        parsed = [validate_rule(rule) for rule in self.rules]
        entries: dict[WordSpec, int] = {}
        self._by_lemma: dict[str, list[int]] = {}
        self._by_exact: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[int]] = {}
        self._rule_words: list[tuple[int, ...]] = []
        self._rule_guarded: list[bool] = []
        self._rule_anchor: list[int] = []
        self._rule_required: list[frozenset[int]] = []
        anchors: dict[int, list[tuple[int, int]]] = {}
        for rule_index, words in enumerate(parsed):
            ids = tuple(self._entry(word, entries) for word in words)
            anchor = min(range(len(words)), key=lambda j: _anchor_rank(words[j]))
            self._rule_words.append(ids)
            self._rule_guarded.append(not has_own_negation(words))
            self._rule_anchor.append(anchor)
            self._rule_required.append(frozenset(ids))
            anchors.setdefault(ids[anchor], []).append((rule_index, anchor))
        self._anchors_by_entry = anchors
        self._prefix_lengths = sorted({len(prefix) for prefix in self._by_prefix})
        self._reset_tables()

    @staticmethod
    def _register(index: dict[str, list[int]], text: str, entry: int) -> None:
        index.setdefault(text, []).append(entry)

    def _entry(self, word: WordSpec, entries: dict[WordSpec, int]) -> int:
        entry = entries.get(word)
        if entry is not None:
            return entry
        entry = entries[word] = len(entries)
        if word.kind == "lemma":
            for lemma in word.lemmas:
                self._register(self._by_lemma, lemma, entry)
        elif word.kind == "exact":
            self._register(self._by_exact, word.text, entry)
        else:
            self._register(self._by_prefix, word.text, entry)
        return entry

    def _reset_tables(self) -> None:
        self._chars = _CharTable(self)
        self._char_of_signature: dict[tuple[frozenset[int], bool, bool], str] = {}
        self._signature_of_char: dict[str, frozenset[int]] = {FILLER: frozenset()}
        self._anchors_of_char: dict[str, tuple[tuple[int, int], ...]] = {}
        self._anchor_chars: set[str] = set()
        self._negation_chars: set[str] = set()
        self._number_chars: set[str] = set()
        self._number_pair: re.Pattern[str] | None = None  # two number characters side by side
        self._next_char = _CHAR_RANGE[0]

    def _signature(self, word: str) -> frozenset[int]:
        found: set[int] = set()
        for lemma in candidate_lemmas(word):
            found.update(self._by_lemma.get(lemma, ()))
        found.update(self._by_exact.get(word, ()))
        for length in self._prefix_lengths:
            if length > len(word):
                break
            found.update(self._by_prefix.get(word[:length], ()))
        return frozenset(found)

    def _char_for(self, word: str) -> str:
        signature = self._signature(word)
        negation = word == NEGATION
        number = joins_numbers(word)
        if not signature and not negation and not number:
            return FILLER
        key = (signature, negation, number)
        char = self._char_of_signature.get(key)
        if char is not None:
            return char
        anchored = tuple(
            sorted(pair for entry in signature for pair in self._anchors_by_entry.get(entry, ()))
        )
        if self._next_char >= _CHAR_RANGE[1]:
            raise _Exhausted
        char = chr(self._next_char)
        self._next_char += 1
        if anchored:
            self._anchors_of_char[char] = anchored
            self._anchor_chars.add(char)
        self._char_of_signature[key] = char
        self._signature_of_char[char] = signature
        if negation:
            self._negation_chars.add(char)
        if number:
            self._number_chars.add(char)
            self._number_pair = None
        return char

    def _joins_numbers(self, chars: str) -> bool:
        pair = self._number_pair
        if pair is None:
            number_class = "".join(map(re.escape, sorted(self._number_chars)))
            pair = self._number_pair = re.compile(f"[{number_class}]{{2}}")
        return pair.search(chars) is not None

    def match(
        self, segments: Sequence[SegmentText], call_duration: float | None = None
    ) -> list[PhraseMatch]:
        """All matches in a call's segments, ordered by segment, first token, rule order.

        ``call_duration`` defaults to the end of the last segment ("last N seconds" windows).
        """
        duration = call_length(segments, call_duration)
        found: list[tuple[int, int, int, int, PhraseMatch]] = []
        for segment_index, segment in enumerate(segments):
            if len(self._chars) >= CACHE_LIMIT:
                self._reset_tables()
            try:
                self._match_segment(segment_index, segment, duration, found)
            except _Exhausted:
                self._reset_tables()
                self._match_segment(segment_index, segment, duration, found)
        found.sort(key=lambda item: item[:4])
        return [item[4] for item in found]

    def _match_segment(
        self,
        segment_index: int,
        segment: SegmentText,
        duration: float,
        found: list[tuple[int, int, int, int, PhraseMatch]],
    ) -> None:
        text = segment.text
        folded = text.lower().replace("ё", "е")
        origin: FoldedText | None = None
        if len(folded) != len(text) or COMBINING_RE.search(folded):
            origin = fold_text(text)
            folded = origin.text
        words = TOKEN_RE.findall(folded)
        chars = "".join(map(self._chars.__getitem__, words))
        present = set(chars)
        joined: list[NumberGroup] | None = None
        if not self._number_chars.isdisjoint(present) and self._joins_numbers(chars):
            joined = joined_numbers(words)
            if joined:
                chars = "".join(map(self._chars.__getitem__, _join(words, joined)))
                present = set(chars)
        anchored = present & self._anchor_chars
        if not anchored:
            return
        signature_of = self._signature_of_char
        present_entries = frozenset().union(*map(signature_of.__getitem__, present))
        required = self._rule_required
        hits: dict[int, list[int]] = {}
        for char in anchored:
            positions = None
            for rule_index, anchor in self._anchors_of_char[char]:
                # Most anchor hits are for rules whose other words are absent from the segment.
                if not required[rule_index] <= present_entries:
                    continue
                if positions is None:
                    positions = _positions(chars, char)
                starts = hits.get(rule_index)
                if starts is None:
                    hits[rule_index] = [p - anchor for p in positions]
                else:
                    starts.extend(p - anchor for p in positions)
        spans: list[tuple[int, int]] | None = None
        for rule_index, anchor_starts in hits.items():
            rule = self.rules[rule_index]
            if rule.speaker != "any" and rule.speaker != segment.speaker:
                continue
            if rule.window is not None and not in_window(segment, rule.window, duration):
                continue
            for first, last in self._rule_matches(rule_index, chars, anchor_starts):
                if spans is None:
                    spans = list(map(_SPAN, TOKEN_RE.finditer(folded)))
                    if joined:
                        spans = _join_spans(spans, joined)
                    if origin is not None:
                        spans = [origin.source_span(*span) for span in spans]
                char_start, char_end = spans[first][0], spans[last][1]
                start, end = span_time(segment, char_start, char_end)
                match = PhraseMatch(
                    rule.key, segment_index, first, last, char_start, char_end, start, end
                )
                found.append((segment_index, first, rule_index, last, match))

    def _rule_matches(
        self, rule_index: int, chars: str, anchor_starts: list[int]
    ) -> list[tuple[int, int]]:
        words = self._rule_words[rule_index]
        guarded = self._rule_guarded[rule_index]
        negation_chars = self._negation_chars
        if len(words) == 1:
            anchor_starts.sort()
            if not guarded:
                return [(p, p) for p in anchor_starts]
            return [(p, p) for p in anchor_starts if not p or chars[p - 1] not in negation_chars]
        max_gap = self.rules[rule_index].max_gap
        signature_of = self._signature_of_char
        lead = self._rule_anchor[rule_index] * max_gap
        if lead:
            candidates: set[int] = set()
            for latest in anchor_starts:
                candidates.update(range(max(latest - lead, 0), latest + 1))
            ordered = sorted(candidates)
        else:
            ordered = sorted(p for p in anchor_starts if p >= 0)
        first_word = words[0]
        matches = []
        after = -1
        for start in ordered:
            if start <= after or first_word not in signature_of[chars[start]]:
                continue
            if guarded and start and chars[start - 1] in negation_chars:
                continue
            last = _extend(chars, signature_of, negation_chars, words, 1, start, max_gap, guarded)
            if last is not None:
                matches.append((start, last))
                after = last
        return matches


def _join(words: list[str], groups: list[NumberGroup]) -> list[str]:
    """The segment's tokens with each number of several tokens as one (its words joined)."""
    joined: list[str] = []
    cursor = 0
    for group in groups:
        joined.extend(words[cursor:group.first])
        joined.append(joined_text(words, group))
        cursor = group.last + 1
    joined.extend(words[cursor:])
    return joined


def _join_spans(spans: list[tuple[int, int]], groups: list[NumberGroup]) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    cursor = 0
    for group in groups:
        joined.extend(spans[cursor:group.first])
        joined.append((spans[group.first][0], spans[group.last][1]))
        cursor = group.last + 1
    joined.extend(spans[cursor:])
    return joined


def _positions(chars: str, char: str) -> list[int]:
    positions = []
    at = chars.find(char)
    while at >= 0:
        positions.append(at)
        at = chars.find(char, at + 1)
    return positions


def _extend(
    chars: str,
    signature_of: dict[str, frozenset[int]],
    negation_chars: set[str],
    words: tuple[int, ...],
    word_index: int,
    previous: int,
    max_gap: int,
    guarded: bool,
) -> int | None:
    """Last token of the lexicographically first alignment of words[word_index:] after
    ``previous``, or None."""
    if word_index == len(words):
        return previous
    word = words[word_index]
    for position in range(previous + 1, min(previous + max_gap + 2, len(chars))):
        char = chars[position]
        if guarded and char in negation_chars:
            # Any alignment reaching this far would contain «не».
            return None
        if word in signature_of[char]:
            last = _extend(
                chars,
                signature_of,
                negation_chars,
                words,
                word_index + 1,
                position,
                max_gap,
                guarded,
            )
            if last is not None:
                return last
    return None


def _anchor_rank(word: WordSpec) -> tuple[int, int]:
    if word.kind == "exact":
        return 0, -len(word.text)
    if word.kind == "prefix":
        return (1 if len(word.text) >= 4 else 3), -len(word.text)
    if word.lemmas & _FREQUENT_LEMMAS or part_of_speech(word.text) in _FUNCTION_POS:
        return 4, -len(word.text)
    return 2, -len(word.text)


def compile_rules(rules: Sequence[PhraseRule]) -> PhraseMatcher:
    """Validate and compile rules; raises PhraseSyntaxError naming the first bad rule."""
    return PhraseMatcher(rules)
