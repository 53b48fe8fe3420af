"""A kind of stored phrase (tags' key phrases, objections' triggers …) compiled into one matcher
per process, and what it finds in a call.

Compiling thousands of phrases takes a while, and every analysed call needs them, so each process
keeps its compiled set and rebuilds it only when the set's stamp — one cheap aggregate query —
says a phrase or its owner was added, edited, (de)activated or deleted since.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Model, QuerySet

from calls.models import PhraseBase
from calls.phrase_runtime.transcripts import CallTranscript
from calls.phrases import PhraseMatch, PhraseMatcher, PhraseSyntaxError, compile_rules

logger = logging.getLogger(__name__)

# Evidence text is for people to read; a runaway match over a monologue is cut.
EVIDENCE_TEXT_LIMIT = 500

Stamp = tuple[object, ...]


@dataclass(frozen=True)
class Found:
    """One piece of evidence: a match, the stored segment it is in, and the matched words."""

    match: PhraseMatch
    segment_id: int
    text: str

    @property
    def phrase_id(self) -> int:
        return int(self.match.key)  # type: ignore[call-overload]


@dataclass(frozen=True)
class CompiledPhrases:
    stamp: Stamp
    matcher: PhraseMatcher | None
    owner_of_phrase: dict[int, int]
    # Stored phrases the engine refuses (e.g. written before a syntax rule changed): skipped and
    # logged rather than failing the analysis of every call.
    skipped: tuple[tuple[int, str], ...] = ()

    def find(self, transcript: CallTranscript) -> dict[int, list[Found]]:
        """Owner id → the widest matches of its phrases in this call, in transcript order."""
        if self.matcher is None or not transcript.segments:
            return {}
        by_owner: dict[int, list[Found]] = defaultdict(list)
        for match in self.matcher.match(transcript.segments, transcript.duration):
            segment = transcript.segments[match.segment_index]
            found = Found(
                match=match, segment_id=transcript.segment_ids[match.segment_index],
                text=segment.text[match.char_start:match.char_end][:EVIDENCE_TEXT_LIMIT],
            )
            by_owner[self.owner_of_phrase[found.phrase_id]].append(found)
        return {owner: widest_matches(found) for owner, found in by_owner.items()}


def widest_matches(found: list[Found]) -> list[Found]:
    """One piece of evidence per moment: when two phrases of one owner fire on overlapping words
    («надо подумать» inside «мне надо подумать»), keep the widest."""
    kept: list[Found] = []
    for candidate in sorted(found, key=lambda f: f.match.char_start - f.match.char_end):
        match = candidate.match
        if not any(
            other.match.segment_index == match.segment_index
            and other.match.char_start < match.char_end
            and match.char_start < other.match.char_end
            for other in kept
        ):
            kept.append(candidate)
    return sorted(kept, key=lambda f: (f.match.segment_index, f.match.char_start))


def compile_phrases(phrases: Iterable[PhraseBase], *, owner_field: str, stamp: Stamp
                    ) -> CompiledPhrases:
    phrases = list(phrases)
    rules = [phrase.rule() for phrase in phrases]
    skipped: list[tuple[int, str]] = []
    try:
        matcher = compile_rules(rules) if rules else None
    except PhraseSyntaxError:
        good = []
        for rule in rules:
            try:
                compile_rules([rule])
            except PhraseSyntaxError as error:
                skipped.append((int(rule.key), str(error)))  # type: ignore[call-overload]
                logger.warning("Phrase %s skipped: %s", rule.key, error)
            else:
                good.append(rule)
        matcher = compile_rules(good) if good else None
    return CompiledPhrases(
        stamp=stamp,
        matcher=matcher,
        owner_of_phrase={phrase.pk: getattr(phrase, owner_field) for phrase in phrases},
        skipped=tuple(skipped),
    )


def owners_and_phrases_stamp(owners: QuerySet[Model], phrases: str) -> Stamp:
    """Changes whenever an owner or one of its phrases is added, edited, (de)activated or deleted.

    One aggregate query: counts catch deletions, the latest `updated_at` catches edits (every
    write goes through `save()` or sets `updated_at`).
    """
    row = owners.aggregate(
        owner_count=Count("id", distinct=True),
        owner_at=Max("updated_at"),
        phrase_count=Count(phrases),
        phrase_at=Max(f"{phrases}__updated_at"),
    )
    return (row["owner_count"], row["owner_at"], row["phrase_count"], row["phrase_at"])


class PhraseSet:
    """One kind of stored phrase, compiled once per process and rebuilt when it goes stale."""

    def __init__(
        self, *, name: str, phrases: Callable[[], Iterable[PhraseBase]], owner_field: str,
        stamp: Callable[[], Stamp],
    ) -> None:
        self.name = name
        self._phrases = phrases
        self._owner_field = owner_field
        self._stamp = stamp
        self._lock = threading.Lock()
        self._compiled: CompiledPhrases | None = None

    def stamp(self) -> Stamp:
        return self._stamp()

    def compiled(self) -> CompiledPhrases:
        """The matcher for the phrases as stored now: rebuilt only when the stamp has changed."""
        stamp = self._stamp()
        current = self._compiled
        if current is not None and current.stamp == stamp:
            return current
        with self._lock:
            if self._compiled is None or self._compiled.stamp != stamp:
                self._compiled = compile_phrases(
                    self._phrases(), owner_field=self._owner_field, stamp=stamp
                )
            return self._compiled
