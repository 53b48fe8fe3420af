"""The transcripts a line's suggestions are counted in."""

from __future__ import annotations

from collections.abc import Iterator

from calls.models import Call, Line, Segment

# Suggestions are counted in the line's most recent calls: enough to rank words, and a page
# that opens in a second on a line with a large archive.
RECENT_CALLS = 2000


def line_transcripts(line: Line, *, recent: int = RECENT_CALLS) -> Iterator[tuple[int, str]]:
    """(call id, segment text) of the line's most recent transcribed calls."""
    call_ids = list(
        Call.objects.filter(line=line, segments__isnull=False).distinct()
        .order_by("-started_at", "-id").values_list("id", flat=True)[:recent]
    )
    yield from Segment.objects.filter(call_id__in=call_ids).values_list("call_id", "text")
