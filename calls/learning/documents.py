"""A call as the learner reads it: the lemmas of one speaker's segments, with their times.

Lemmas come from the phrase engine's lemmatizer (pymorphy3, calls/phrases/lemmas.py), the most
probable parse of each word, so the learner and the phrases agree on what a word is. Function
words (prepositions, conjunctions, particles, pronouns, interjections) carry no topic and are
left out of the vectors and of the lemma features; they stay in the n-grams of keyphrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from calls.phrases.lemmas import parses
from calls.phrases.tokens import TOKEN_RE, fold_word

if TYPE_CHECKING:  # the benchmark uses this module without Django
    from calls.phrase_runtime.transcripts import CallTranscript

FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})
CACHE_LIMIT = 200_000

# word → (top lemma, is a content word); pymorphy3's parse costs ~30 µs, a dict hit ~50 ns.
_cache: dict[str, tuple[str, bool]] = {}


def lemma_of(word: str) -> tuple[str, bool]:
    """The top lemma of a lowercased, ё-folded word and whether it is a content word."""
    found = _cache.get(word)
    if found is None:
        found_parses = parses(word)
        if found_parses:
            best = found_parses[0]
            found = (fold_word(best.normal_form), best.tag.POS not in FUNCTION_POS)
        else:
            found = (word, not word.startswith("["))  # «[карта]»: a redaction placeholder
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        _cache[word] = found
    return found


def text_lemmas(text: str) -> list[tuple[str, bool]]:
    """Every word's (lemma, is content) in order."""
    return [lemma_of(token) for token in TOKEN_RE.findall(fold_word(text))]


def content_lemmas(text: str) -> tuple[str, ...]:
    return tuple(lemma for lemma, content in text_lemmas(text) if content)


@dataclass(frozen=True)
class SegmentDoc:
    segment_id: int | None
    index: int
    start: float
    end: float
    text: str
    lemmas: tuple[str, ...]  # content lemmas, in order


@dataclass(frozen=True)
class Document:
    call_id: int
    segments: tuple[SegmentDoc, ...]

    def lemma_set(self) -> frozenset[str]:
        return frozenset(lemma for segment in self.segments for lemma in segment.lemmas)


@dataclass(frozen=True)
class SegmentInput:
    """One transcript segment as the caller has it (a Segment row, a benchmark's dialog)."""

    segment_id: int | None
    index: int
    speaker: str
    start: float
    end: float
    text: str


def document_of(call_id: int, segments: Iterable[SegmentInput], *, speaker: str | None) -> Document:
    """The call's document: the segments of `speaker` (None: every speaker) that have words."""
    docs = []
    for segment in segments:
        if speaker is not None and segment.speaker != speaker:
            continue
        lemmas = content_lemmas(segment.text)
        if lemmas:
            docs.append(
                SegmentDoc(
                    segment.segment_id,
                    segment.index,
                    segment.start,
                    segment.end,
                    segment.text,
                    lemmas,
                )
            )
    return Document(call_id, tuple(docs))


def documents_from_transcripts(
    transcripts: Sequence[CallTranscript], *, speaker: str | None
) -> list[Document]:
    """Documents of calls loaded by calls.phrase_runtime.transcripts.load_transcripts."""
    result = []
    for transcript in transcripts:
        segments = (
            SegmentInput(segment_id, number, text.speaker, text.start, text.end, text.text)
            for segment_id, number, text in zip(
                transcript.segment_ids, transcript.segment_numbers, transcript.segments, strict=True
            )
        )
        result.append(document_of(transcript.call_id, segments, speaker=speaker))
    return result
