"""Auto-tagging: match the taxonomy's phrases in calls and store the tags with their evidence.

The phrase engine (calls/phrases) knows nothing of models; this module turns active KeyPhrases
into engine rules, keeps one compiled matcher per process, and writes CallTag/TagEvidence rows
for many calls at a time (the pipeline tags one call, re-analysis a chunk of hundreds).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from calls.models import Call, CallTag, KeyPhrase, Segment, Tag, TagEvidence
from calls.phrases import (
    PhraseMatch,
    PhraseMatcher,
    PhraseRule,
    PhraseSyntaxError,
    SegmentText,
    WordTiming,
    compile_rules,
)

logger = logging.getLogger(__name__)

# Evidence text is for people to read; a runaway match over a monologue is cut.
EVIDENCE_TEXT_LIMIT = 500


# --- The compiled taxonomy, one per process ------------------------------------------------------


@dataclass(frozen=True)
class CompiledTaxonomy:
    stamp: tuple[object, ...]
    matcher: PhraseMatcher | None
    tag_of_phrase: dict[int, int]
    # Stored phrases the engine refuses (e.g. written before a syntax rule changed): skipped and
    # logged rather than failing the analysis of every call.
    skipped: tuple[tuple[int, str], ...] = ()


_lock = threading.Lock()
_compiled: CompiledTaxonomy | None = None


def taxonomy_stamp() -> tuple[object, ...]:
    """Changes whenever a tag or phrase is added, edited, (de)activated or deleted.

    One aggregate query over the (small) taxonomy tables: counts catch deletions, the latest
    `updated_at` catches edits. Every write goes through `save()`, which bumps `updated_at`.
    """
    row = Tag.objects.aggregate(
        tag_count=Count("id", distinct=True),
        tag_at=Max("updated_at"),
        phrase_count=Count("phrases"),
        phrase_at=Max("phrases__updated_at"),
    )
    return (row["tag_count"], row["tag_at"], row["phrase_count"], row["phrase_at"])


def phrase_rule(phrase: KeyPhrase) -> PhraseRule:
    return PhraseRule(
        key=phrase.pk,
        text=phrase.text,
        speaker=phrase.speaker,  # type: ignore[arg-type]
        max_gap=phrase.max_gap,
        window=phrase.window,  # type: ignore[arg-type]
    )


def compile_taxonomy() -> CompiledTaxonomy:
    stamp = taxonomy_stamp()
    phrases = list(KeyPhrase.objects.active().order_by("id"))
    rules = [phrase_rule(phrase) for phrase in phrases]
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
    return CompiledTaxonomy(
        stamp=stamp,
        matcher=matcher,
        tag_of_phrase={phrase.pk: phrase.tag_id for phrase in phrases},
        skipped=tuple(skipped),
    )


def compiled_taxonomy() -> CompiledTaxonomy:
    """The matcher for the current taxonomy: rebuilt only when the stamp has changed."""
    global _compiled
    stamp = taxonomy_stamp()
    current = _compiled
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        if _compiled is None or _compiled.stamp != stamp:
            _compiled = compile_taxonomy()
        return _compiled


# --- Reading segments ----------------------------------------------------------------------------


@dataclass
class CallTranscript:
    call_id: int
    duration: float | None
    segment_ids: list[int] = field(default_factory=list)
    segment_numbers: list[int] = field(default_factory=list)
    segments: list[SegmentText] = field(default_factory=list)


def _word_timings(words: Any) -> tuple[WordTiming, ...] | None:
    if not isinstance(words, list) or not words:
        return None
    try:
        return tuple(WordTiming(str(w["word"]), float(w["start"]), float(w["end"])) for w in words)
    except (KeyError, TypeError, ValueError):
        return None


def transcripts(call_ids: Sequence[int]) -> list[CallTranscript]:
    """The segments of these calls in two queries, as the engine's plain SegmentTexts."""
    by_call = {
        pk: CallTranscript(call_id=pk, duration=duration or None)
        for pk, duration in Call.objects.filter(pk__in=call_ids).values_list("pk", "duration")
    }
    rows = (
        Segment.objects.filter(call_id__in=call_ids)
        .order_by("call_id", "index")
        .values_list("pk", "call_id", "index", "speaker", "start", "end", "text", "words")
    )
    for pk, call_id, number, speaker, start, end, text, words in rows:
        transcript = by_call[call_id]
        transcript.segment_ids.append(pk)
        transcript.segment_numbers.append(number)
        transcript.segments.append(
            SegmentText(speaker, start, end, text, _word_timings(words))  # type: ignore[arg-type]
        )
    return [by_call[pk] for pk in call_ids if pk in by_call]


# --- Writing tags --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutotagReport:
    calls: int
    tags: int
    evidence: int


def _widest_matches(
    matches: list[tuple[PhraseMatch, int, str]],
) -> list[tuple[PhraseMatch, int, str]]:
    """One piece of evidence per moment: when two phrases of a tag fire on overlapping words
    («надо подумать» inside «мне надо подумать»), keep the widest."""
    kept: list[tuple[PhraseMatch, int, str]] = []
    by_width = sorted(matches, key=lambda m: m[0].char_start - m[0].char_end)
    for candidate in by_width:
        match = candidate[0]
        if not any(
            other.segment_index == match.segment_index
            and other.char_start < match.char_end and match.char_start < other.char_end
            for other, _segment, _text in kept
        ):
            kept.append(candidate)
    return sorted(kept, key=lambda m: (m[0].segment_index, m[0].char_start))


def calls_autotag(*, call_ids: Sequence[int], now: datetime | None = None) -> AutotagReport:
    """Replace the auto tags (and their evidence) of these calls with what the phrases find now.

    Manual tags are never touched. Reads in two queries, writes in bulk, in one transaction so
    a reader never sees a call between "old tags deleted" and "new tags written".
    """
    now = now or timezone.now()
    compiled = compiled_taxonomy()
    found = transcripts(call_ids)
    new_tags: list[CallTag] = []
    pending: list[list[tuple[PhraseMatch, int, str]]] = []
    if compiled.matcher is not None:
        for transcript in found:
            if not transcript.segments:
                continue
            by_tag: dict[int, list[tuple[PhraseMatch, int, str]]] = defaultdict(list)
            for match in compiled.matcher.match(transcript.segments, transcript.duration):
                phrase_id = int(match.key)  # type: ignore[call-overload]
                segment = transcript.segments[match.segment_index]
                by_tag[compiled.tag_of_phrase[phrase_id]].append(
                    (match, transcript.segment_ids[match.segment_index],
                     segment.text[match.char_start:match.char_end][:EVIDENCE_TEXT_LIMIT])
                )
            for tag_id, matches in by_tag.items():
                matches = _widest_matches(matches)
                new_tags.append(
                    CallTag(call_id=transcript.call_id, tag_id=tag_id,
                            source=CallTag.Source.AUTO, created_at=now)
                )
                pending.append(matches)
    with transaction.atomic():
        CallTag.objects.filter(call_id__in=call_ids, source=CallTag.Source.AUTO).delete()
        CallTag.objects.bulk_create(new_tags, batch_size=500)
        evidence = [
            TagEvidence(
                call_tag_id=call_tag.pk, segment_id=segment_id,
                phrase_id=int(match.key),  # type: ignore[call-overload]
                token_start=match.token_start, token_end=match.token_end,
                char_start=match.char_start, char_end=match.char_end,
                start=round(match.start, 3), end=round(match.end, 3), text=text,
            )
            for call_tag, matches in zip(new_tags, pending, strict=True)
            for match, segment_id, text in matches
        ]
        TagEvidence.objects.bulk_create(evidence, batch_size=500)
    return AutotagReport(calls=len(found), tags=len(new_tags), evidence=len(evidence))


# --- "Try this phrase" ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextPart:
    text: str
    marked: bool


@dataclass(frozen=True)
class TrySample:
    call_id: int
    external_id: str
    started_at: datetime
    segment_index: int
    speaker: str
    start: float
    parts: tuple[TextPart, ...]


@dataclass(frozen=True)
class TryResult:
    scanned: int
    tagged: int
    matches: int
    samples: tuple[TrySample, ...]


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> tuple[TextPart, ...]:
    """Split text into plain and marked parts; overlapping spans are merged."""
    parts: list[TextPart] = []
    cursor = 0
    for start, end in sorted(spans):
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            parts.append(TextPart(text[cursor:start], False))
        parts.append(TextPart(text[start:end], True))
        cursor = end
    if cursor < len(text):
        parts.append(TextPart(text[cursor:], False))
    return tuple(parts)


def _recent_calls(limit: int) -> list[tuple[int, str, datetime]]:
    return list(
        Call.objects.filter(status=Call.Status.ANALYSED)
        .order_by("-started_at", "-id")
        .values_list("pk", "external_id", "started_at")[:limit]
    )


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for offset in range(0, len(items), size):
        yield items[offset:offset + size]


def phrase_try(
    *, rule: PhraseRule, last_calls: int = 2000, sample_size: int = 10
) -> TryResult:
    """How many of the last analysed calls this phrase would tag, with a sample of matches.

    Raises PhraseSyntaxError for a phrase the engine cannot compile.
    """
    matcher = compile_rules([rule])
    calls = _recent_calls(last_calls)
    info = {pk: (external_id, started_at) for pk, external_id, started_at in calls}
    tagged = total = 0
    samples: list[TrySample] = []
    for chunk in _chunks([pk for pk, _e, _s in calls], 500):
        for transcript in transcripts(chunk):
            matches = matcher.match(transcript.segments, transcript.duration)
            if not matches:
                continue
            tagged += 1
            total += len(matches)
            if len(samples) < sample_size:
                first = matches[0]
                segment = transcript.segments[first.segment_index]
                spans = [(m.char_start, m.char_end) for m in matches
                         if m.segment_index == first.segment_index]
                external_id, started_at = info[transcript.call_id]
                samples.append(
                    TrySample(call_id=transcript.call_id, external_id=external_id,
                              started_at=started_at,
                              segment_index=transcript.segment_numbers[first.segment_index],
                              speaker=segment.speaker,
                              start=first.start, parts=highlight(segment.text, spans))
                )
    return TryResult(scanned=len(calls), tagged=tagged, matches=total, samples=tuple(samples))
