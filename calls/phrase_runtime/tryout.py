"""«Проверить фразу»: how many recent calls a phrase would match, with highlighted samples."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from calls.models import Call
from calls.phrase_runtime.highlight import TextPart, highlight
from calls.phrase_runtime.transcripts import chunked, load_transcripts
from calls.phrase_runtime.validation import phrase_validate
from calls.phrases import PhraseRule, compile_rules

# «Проверить фразу», in every phrase editor, scans this many of the most recent analysed calls
# and shows this many of the matches.
TRY_LAST_CALLS = 2000
TRY_SAMPLE_SIZE = 10


@dataclass(frozen=True)
class TrySample:
    call_id: int
    # What people call the call by (Call.title): its recording's file name, else its external id.
    title: str
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

    @property
    def share(self) -> float:
        return self.tagged / self.scanned if self.scanned else 0.0

    @property
    def share_percent(self) -> int:
        return round(self.share * 100)

    @property
    def too_broad(self) -> bool:
        """A phrase found in most calls («не», «спасибо») says little about any one of them."""
        return self.share > settings.PHRASE_TRY_BROAD_SHARE


def _recent_calls(limit: int) -> list[Call]:
    return list(
        Call.objects.filter(status=Call.Status.ANALYSED)
        .order_by("-started_at", "-id")
        .only("pk", "original_name", "external_id", "started_at")[:limit]
    )


def phrase_try(
    *, rule: PhraseRule, last_calls: int = TRY_LAST_CALLS, sample_size: int = TRY_SAMPLE_SIZE
) -> TryResult:
    """How many of the last analysed calls this phrase would match, with a sample of matches.

    Raises PhraseSyntaxError for a phrase the engine cannot compile.
    """
    matcher = compile_rules([rule])
    calls = _recent_calls(last_calls)
    info = {call.pk: call for call in calls}
    tagged = total = 0
    samples: list[TrySample] = []
    for chunk in chunked([call.pk for call in calls], 500):
        for transcript in load_transcripts(chunk):
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
                call = info[transcript.call_id]
                samples.append(
                    TrySample(call_id=transcript.call_id, title=call.title,
                              started_at=call.started_at,
                              segment_index=transcript.segment_numbers[first.segment_index],
                              speaker=segment.speaker,
                              start=first.start, parts=highlight(segment.text, spans))
                )
    return TryResult(scanned=len(calls), tagged=tagged, matches=total, samples=tuple(samples))


def phrase_try_fields(fields: Mapping[str, Any]) -> TryResult:
    """Try the phrase an editor's form describes (a valid KeyPhraseForm's cleaned_data).

    Raises PhraseInvalid for settings the engine refuses (the form has already checked them).
    """
    rule = phrase_validate(
        text=fields["text"], speaker=fields["speaker"], max_gap=fields["max_gap"],
        window_kind=fields["window_kind"], window_seconds=fields["window_seconds"],
    )
    return phrase_try(rule=rule)
