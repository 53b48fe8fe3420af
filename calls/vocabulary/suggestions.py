"""Every source's suggestions for a line, as the vocabulary page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from calls.models import Line
from calls.vocabulary.sources import Suggestion, VocabularySource, vocabulary_sources
from calls.vocabulary.transcripts import line_transcripts
from calls.vocabulary.words import occurrences

# Suggestions shown per source: an admin reads them one by one.
SHOWN_PER_SOURCE = 15


@dataclass(frozen=True)
class SourceSuggestions:
    source: VocabularySource
    suggestions: list[Suggestion]
    # More suggestions than shown.
    more: int


def _folded(term: str) -> str:
    return term.lower().replace("ё", "е")


def line_suggestions(line: Line, *, shown: int = SHOWN_PER_SOURCE) -> list[SourceSuggestions]:
    """Each registered source's suggestions, best first, without the words the line has."""
    have = {_folded(term) for term in line.terms.values_list("term", flat=True)}
    result = []
    for source in vocabulary_sources():
        fresh = [s for s in source.collect(line) if _folded(s.term) not in have]
        result.append(SourceSuggestions(source, fresh[:shown], max(0, len(fresh) - shown)))
    return result


def term_call_ids(line: Line, term: str, *, source: VocabularySource | None = None
                  ) -> tuple[int, ...]:
    """The calls a number on the page counts: those of the source's suggestion of the term, or
    (for a word of the list) the line's calls whose transcripts have it."""
    if source is not None:
        for suggestion in source.collect(line):
            if _folded(suggestion.term) == _folded(term):
                return suggestion.call_ids
        return ()
    return occurrences([term], line_transcripts(line)).get(term, (0, ()))[1]


def term_counts(line: Line, terms: list[str]) -> dict[str, tuple[int, tuple[int, ...]]]:
    """How often each word of the list occurs in the line's transcripts, and where."""
    return occurrences(terms, line_transcripts(line))
