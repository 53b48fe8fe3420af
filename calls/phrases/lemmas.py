"""Candidate lemmas of a word (pymorphy3), cached per process.

Policy (chosen by ``tests/benchmarks/bench_lemmas.py`` on UD Russian-Taiga test, 12,190
non-punctuation tokens): a word's *candidate set* is

* the normal form of every pymorphy3 parse (no score threshold), plus
* for participles, the participle's own dictionary form («заблокированную» → «заблокированный»
  besides «заблокировать»), since UD and trainers both use it, plus
* the word itself when pymorphy3 does not know it (names, slang, brand names);
* for a number, however written («девяносто», «90», «третьего», «3-й»), only its readings as a
  number («90», «3-й»; numbers.py), so that digits and words are the same word.

Two words "are the same word" for the matcher when their candidate sets intersect. Measured
(gold lemma in set / average set size / pairwise link precision / link recall):

* top parse only:               92.6% / 1.00 / 95.9% / 85.6%
* all parses:                   95.8% / 1.17 / 89.8% / 92.0%
* this policy, on UD tokens:    95.9% / 1.19 / 89.8% / 91.8%
* this policy, tokens as the matcher's tokenizer cuts them («а.» → «а»): 96.1% / 1.19 / 89.3%
  / 93.1%;
* the same since numbers are read as values (issue 16): 95.4% / 1.21 / 87.0% / 93.3%. UD's gold
  lemma of «1» is «1» and of «один» «один», so every link between a number's digits and words
  counts as spurious there; without the 437 number tokens link P / R are 89.5% / 91.9% before
  and after.

A missed link loses a phrase outright, whereas a spurious link («мою» ~ мыть) also needs every
other phrase word to line up within the gap, so recall wins at equal pairwise F1 (~91%).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from calls.phrases.tokens import fold_word

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

_PARTICIPLE_LEMMA_GRAMMEMES = frozenset({"nomn", "sing", "masc"})
# Long-running workers see an open vocabulary (typos, names); cap memory instead of an LRU,
# which would cost a bookkeeping step on every cache hit.
CACHE_LIMIT = 500_000

_lock = threading.Lock()
_analyzer: MorphAnalyzer | None = None
_cache: dict[str, frozenset[str]] = {}


def analyzer() -> MorphAnalyzer:
    """The process-wide MorphAnalyzer (loading dictionaries takes ~0.3 s and ~15 MB)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                from pymorphy3 import MorphAnalyzer

                _analyzer = MorphAnalyzer()
    return _analyzer


def candidate_lemmas(word: str) -> frozenset[str]:
    """Candidate lemmas of a lowercased, ё-folded token."""
    found = _cache.get(word)
    if found is None:
        found = analyse(word)
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        _cache[word] = found
    return found


def parses(word: str) -> list[Parse]:
    """pymorphy3's parses of a word, best first, or none for a word it cannot read.

    Every call into pymorphy3 goes through here. It looks up ``unicodedata.name()`` of each
    letter to tell a Latin word, and Python's Unicode database names none of some letters
    (Tangut ideographs such as U+1742D, unassigned code points), so it raised on them and a
    phrase or a transcript with such a letter was a 500. No Russian word has them: such a word
    has no parse, no part of speech, and is its own lemma.
    """
    try:
        return analyzer().parse(word)
    except ValueError:
        return []


def part_of_speech(word: str) -> str | None:
    """The part of speech of the word's most probable parse (None when it has none)."""
    found = parses(word)
    return found[0].tag.POS if found else None


def analyse(word: str) -> frozenset[str]:
    """Uncached candidate lemmas (the policy above); a number's are its readings («девяносто»,
    «90» → {"90"}; «третьего», «3-го» → {"3-й"}; see numbers.py)."""
    # numbers.py builds its word table with this module's analyzer, hence the late import.
    from calls.phrases.numbers import number_readings

    readings = number_readings(word)
    if readings is not None:
        return readings
    found = parses(word)
    if not found:
        return frozenset((word,))
    lemmas = set()
    for parse in found:
        lemmas.add(fold_word(parse.normal_form))
        if parse.tag.POS == "PRTF":
            own_form = parse.inflect(_PARTICIPLE_LEMMA_GRAMMEMES)
            if own_form is not None:
                lemmas.add(fold_word(own_form.word))
    if not analyzer().word_is_known(word):
        lemmas.add(word)
    return frozenset(lemmas)


def top_lemma(word: str) -> str:
    """Normal form of the most probable parse (used by benchmarks and the naive baseline)."""
    found = parses(word)
    return fold_word(found[0].normal_form) if found else word
