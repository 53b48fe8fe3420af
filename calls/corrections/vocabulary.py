"""The words the recognizer gets wrong on a line, learned from people's corrections: one source
of the line's vocabulary (issue 16 §4, calls/vocabulary/).

For every corrected segment of the line's calls the recognizer's words and the person's are
aligned (difflib, on lower-case, ё-folded words without edge punctuation, so a change of case or
punctuation is no change). A word the person wrote in place of another is a misheard term when it
carries meaning: a noun or an adjective (proper names included), or a word pymorphy3 does not
know (brand and product names: «Куриер» → «Курьер», «промокот» → «промокод»). Prepositions,
pronouns, particles, verbs and numbers are left out: they are not what a vocabulary can teach the
decoder, and numbers are read as numbers by the phrase engine whatever their spelling.

A replaced run of as many words as the person wrote pairs the words one to one; otherwise every
term of the run was heard as the whole run. Words the recognizer missed entirely (inserted by the
person) are not counted: nothing was misheard, the voice activity detector or the decoder dropped
them.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from calls.corrections.words import normalised_word, split_words
from calls.models import Line, Segment
from calls.phrases.lemmas import analyzer, parses

# What a vocabulary can carry: names of things and their qualities.
CONTENT_PARTS_OF_SPEECH = frozenset({"NOUN", "ADJF", "ADJS"})
MIN_LENGTH = 3


@dataclass(frozen=True)
class MisheardTerm:
    term: str  # the corrected word as people wrote it (their most common spelling)
    heard: tuple[str, ...]  # what the recognizer wrote instead, most frequent first
    count: int  # times corrected
    call_ids: tuple[int, ...]


@dataclass
class _Tally:
    spellings: Counter[str] = field(default_factory=Counter)
    heard: Counter[str] = field(default_factory=Counter)
    count: int = 0
    call_ids: set[int] = field(default_factory=set)


def is_content_word(word: str) -> bool:
    """A word worth teaching the recognizer: a noun or adjective, or a word nobody's dictionary
    has (a product or brand); `word` is normalised (normalised_word)."""
    if len(word) < MIN_LENGTH or not any(char.isalpha() for char in word):
        return False
    if word.startswith("["):
        return False  # a redaction placeholder
    if not analyzer().word_is_known(word):
        return True
    found = parses(word)
    return bool(found) and found[0].tag.POS in CONTENT_PARTS_OF_SPEECH


def misheard_pairs(recognized: str, corrected: str) -> list[tuple[str, str]]:
    """(the word as the person wrote it, what the recognizer wrote there) for each content word
    the person put in place of other words."""
    heard_words, written_words = split_words(recognized), split_words(corrected)
    heard = [normalised_word(word) for word in heard_words]
    written = [normalised_word(word) for word in written_words]
    pairs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, heard, written, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        one_to_one = (i2 - i1) == (j2 - j1)
        for offset, j in enumerate(range(j1, j2)):
            if not is_content_word(written[j]):
                continue
            instead = heard[i1 + offset] if one_to_one else " ".join(heard[i1:i2])
            if instead == written[j]:
                continue
            pairs.append((_spelling(written_words[j]), instead))
    return pairs


def misheard_terms(*, line: Line | int, limit: int | None = None) -> list[MisheardTerm]:
    """The line's misheard terms from its corrected segments, most corrected first."""
    rows = (
        Segment.objects.filter(call__line=line, corrected_at__isnull=False)
        .order_by("call_id", "index")
        .values_list("call_id", "recognized_text", "text")
    )
    tallies: dict[str, _Tally] = {}
    for call_id, recognized, corrected in rows.iterator(chunk_size=2000):
        for spelling, instead in misheard_pairs(recognized, corrected):
            tally = tallies.setdefault(normalised_word(spelling), _Tally())
            tally.spellings[spelling] += 1
            tally.heard[instead] += 1
            tally.count += 1
            tally.call_ids.add(call_id)
    terms = [
        MisheardTerm(
            term=tally.spellings.most_common(1)[0][0],
            heard=tuple(word for word, _ in tally.heard.most_common()),
            count=tally.count,
            call_ids=tuple(sorted(tally.call_ids)),
        )
        for tally in tallies.values()
    ]
    terms.sort(key=lambda term: (-term.count, -len(term.call_ids), term.term.lower()))
    return terms[:limit] if limit is not None else terms


def _spelling(word: str) -> str:
    """The word as written, without the punctuation around it («Курьер,» → «Курьер»)."""
    stripped = word.strip(".,!?;:«»\"'()…—–-")
    return stripped or word
