"""Candidate words for a line's vocabulary, ranked the way biasing the recognizer pays.

Whisper hears everyday words well; what it gets wrong are the words it rarely saw: brand and
product names, new coinages («промокод», «самовывоз», «постамат»), people's and places' names.
Biasing it with many everyday words made the demo WER worse (all 127 taxonomy words as hotwords:
0.179 -> 0.227). So a candidate word is ranked first by its kind, as pymorphy3 tells it, then by
how often the line's transcripts have it:

- NAME — a word pymorphy3's dictionary does not know, a proper name (Name, Surn, Patr, Geox,
  Orgn, Trad) or a Latin word: the recognizer's weak spot;
- TERM — another noun or adjective: a product, a service, a document;
- COMMON — a verb, an adverb and the rest: how people talk, which Whisper already writes.

Function words (prepositions, conjunctions, particles, pronouns, interjections, numerals) and
words under three letters are never suggested.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from calls.phrases.lemmas import analyzer, candidate_lemmas, parses
from calls.phrases.tokens import tokenize
from calls.vocabulary.sources import Suggestion

_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "PRED", "COMP"})
# Pronoun-like adjectives («мой», «сей», «тот»), ordinals and question words.
_FUNCTION_GRAMMEMES = frozenset({"Apro", "Anum", "Ques", "Dmns"})
# Everyday words pymorphy3 reads as nouns or adverbs and phrases are full of.
_EVERYDAY = frozenset(
    "раз пора время день час минута неделя месяц год сейчас очень уже еще тоже просто вообще "
    "можно нужно надо где когда там тут здесь так как".split()
)
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_TERM_POS = frozenset({"NOUN", "ADJF", "ADJS"})
MIN_LENGTH = 3


class WordKind(IntEnum):
    # The order is the rank: a smaller value is suggested first.
    NAME = 0
    TERM = 1
    COMMON = 2


@dataclass(frozen=True)
class Candidate:
    term: str
    kind: WordKind


def candidate(word: str) -> Candidate | None:
    """The word as a vocabulary term (its dictionary form; a name capitalized) and its kind, or
    None for a word never worth suggesting."""
    if len(word) < MIN_LENGTH or not word[:1].isalpha() or word.startswith("["):
        return None
    found = parses(word)
    if not found or word.isascii():
        return Candidate(word, WordKind.NAME)
    best = found[0]
    lemma = best.normal_form.replace("ё", "е")
    if not analyzer().word_is_known(word):
        # pymorphy3 still guesses the dictionary form of an unknown word by its ending
        # («промокодом» -> «промокод»).
        return Candidate(lemma, WordKind.NAME)
    if (best.tag.POS in _FUNCTION_POS or _FUNCTION_GRAMMEMES & set(best.tag.grammemes)
            or lemma in _EVERYDAY):
        return None
    if _PROPER & set(best.tag.grammemes):
        return Candidate(lemma.capitalize(), WordKind.NAME)
    if best.tag.POS in _TERM_POS:
        return Candidate(lemma, WordKind.TERM)
    return Candidate(lemma, WordKind.COMMON)


def candidates_in(texts: Iterable[str]) -> list[Candidate]:
    """The distinct candidate words of some texts (tag names, phrases), in order of appearance."""
    seen: dict[str, Candidate] = {}
    for text in texts:
        for token in tokenize(text):
            found = candidate(token.text)
            if found is not None:
                seen.setdefault(found.term.lower(), found)
    return list(seen.values())


def _term_words(term: str) -> list[frozenset[str]]:
    return [candidate_lemmas(token.text) for token in tokenize(term)]


def occurrences(terms: Iterable[str], transcripts: Iterable[tuple[int, str]]
                ) -> dict[str, tuple[int, tuple[int, ...]]]:
    """How many times each term occurs in any word form in the transcripts `(call_id, text)`,
    and in which calls (ascending ids). A transcript word is a term's word when their candidate
    lemmas meet, as in the phrase engine («курьера» is «курьер»); the words of a term of several
    («подписка плюс») follow each other."""
    words_of = {term: _term_words(term) for term in terms}
    by_first_lemma: dict[str, list[str]] = defaultdict(list)
    for term, words in words_of.items():
        for lemma in words[0] if words else ():
            by_first_lemma[lemma].append(term)
    counts: dict[str, int] = defaultdict(int)
    calls: dict[str, set[int]] = defaultdict(set)
    for call_id, text in transcripts:
        lemmas = [candidate_lemmas(token.text) for token in tokenize(text)]
        for position, first in enumerate(lemmas):
            started = {term for lemma in first for term in by_first_lemma.get(lemma, ())}
            for term in started:
                rest = words_of[term][1:]
                following = lemmas[position + 1:position + 1 + len(rest)]
                if len(following) == len(rest) and all(
                        a & b for a, b in zip(rest, following, strict=True)):
                    counts[term] += 1
                    calls[term].add(call_id)
    return {term: (counts[term], tuple(sorted(calls[term]))) for term in counts}


def ranked_suggestions(candidates: Iterable[Candidate], transcripts: Iterable[tuple[int, str]]
                       ) -> list[Suggestion]:
    """Suggestions of the candidates: names first, then terms, then common words; within a
    kind the most frequent in the transcripts first. A candidate the transcripts never have is
    kept, last of its kind: a word the recognizer always mishears looks like that."""
    listed = list(candidates)
    found = occurrences([c.term for c in listed], transcripts)
    ranked = sorted(listed, key=lambda c: (c.kind, -found.get(c.term, (0, ()))[0], c.term))
    return [Suggestion(term=c.term, count=found.get(c.term, (0, ()))[0],
                       call_ids=found.get(c.term, (0, ()))[1]) for c in ranked]
