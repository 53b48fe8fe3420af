"""Where suggestions for a line's vocabulary come from.

A later app adds a source without the calls app knowing it (the scripts library suggests the
words of its objections), so sources are registered, like analysers (calls/analysis.py): the
calls app registers the taxonomy's in CallsConfig.ready(), other apps in theirs. A source is a
callable `collect(line)` giving Suggestions, best first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from calls.models import Line


@dataclass(frozen=True)
class Suggestion:
    """A word a source proposes: how many times the line's transcripts have it and in which
    calls (the page links the count to them). A source may propose a word no transcript has
    yet: that is what a misheard word looks like."""

    term: str
    count: int
    call_ids: tuple[int, ...]


@dataclass(frozen=True)
class VocabularySource:
    key: str
    label: str | Promise
    collect: Callable[[Line], Iterable[Suggestion]]


_sources: dict[str, VocabularySource] = {}


def register_vocabulary_source(*, key: str, label: str | Promise,
                               collect: Callable[[Line], Iterable[Suggestion]]) -> None:
    source = VocabularySource(key=key, label=label, collect=collect)
    existing = _sources.get(key)
    if existing is not None and existing != source:
        raise ImproperlyConfigured(f"Two vocabulary sources are registered as {key!r}.")
    _sources[key] = source


def vocabulary_sources() -> list[VocabularySource]:
    """The registered sources, in the order of registration."""
    return list(_sources.values())


def vocabulary_source(key: str) -> VocabularySource | None:
    return _sources.get(key)
