"""Storing a redacted transcript: segments in, what the database may keep out, and the record of
what was hidden (kind and seconds, never the value)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from calls.models import Call, Redaction
from calls.redaction.transcript import (
    RedactedSpan,
    RedactedTranscript,
    SegmentText,
    redact_transcript,
)


class _SegmentLike(Protocol):
    # Read-only, so frozen dataclasses (ASR pieces, import records) and Segment rows all fit.
    @property
    def speaker(self) -> str: ...
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def text(self) -> str: ...


def redact_segments(segments: Sequence[_SegmentLike]) -> RedactedTranscript:
    """ASR pieces, import records or stored Segments, redacted; `words` is kept when present."""
    return redact_transcript([
        SegmentText(speaker=str(segment.speaker), start=float(segment.start),
                    end=float(segment.end), text=segment.text,
                    words=getattr(segment, "words", None) or None)
        for segment in segments
    ])


def redactions_record(*, call_id: int, spans: Iterable[RedactedSpan], replace: bool) -> int:
    """Note what was hidden in a call; `replace` when its segments were all written anew (a new
    transcription), otherwise the spans add to those of earlier passes. Returns how many."""
    if replace:
        Redaction.objects.filter(call_id=call_id).delete()
    rows = Redaction.objects.bulk_create(
        Redaction(call_id=call_id, segment_index=span.segment, kind=str(span.kind),
                  start=span.start, end=span.end)
        for span in spans
    )
    return len(rows)


def mutes_audio(call: Call) -> bool:
    """Whether the call's line silences redacted seconds in recordings (a call without a line
    does: the safe default)."""
    return bool(call.audio) and (call.line is None or call.line.redact_audio)


def audio_withheld(call: Call) -> bool:
    """A recording whose redacted seconds are not silenced yet is not served to anyone."""
    return mutes_audio(call) and call.redactions.filter(muted=False).exists()


def redaction_notice(call: Call) -> str:
    """«Скрыто персональных данных: 2 (карта, телефон)», or "" when nothing was hidden."""
    kinds = list(call.redactions.order_by("segment_index", "start", "pk")
                 .values_list("kind", flat=True))
    if not kinds:
        return ""
    labels = dict(Redaction.Kind.choices)
    names = [str(labels.get(kind, kind)) for kind in dict.fromkeys(kinds)]
    return _("Скрыто персональных данных: %(count)d (%(kinds)s)") % {
        "count": len(kinds), "kinds": ", ".join(names),
    }
