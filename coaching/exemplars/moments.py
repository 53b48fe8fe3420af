"""What a page needs to play or quote one moment of a call: playable when the person may hear
the call, else the transcript excerpt (coaching/exemplars/_moment.html shows it)."""

from __future__ import annotations

from typing import Any

from calls.models import Call, Segment
from calls.redaction.storage import audio_withheld

# An exemplar without an end is shown and excerpted for this long.
DEFAULT_LENGTH = 30.0


def moment_context(call: Call, start: float, end: float | None,
                   visible: set[int]) -> dict[str, Any]:
    """`visible`: the ids of the calls the person may open."""
    shown = call.pk in visible
    context: dict[str, Any] = {
        "visible": shown, "start": start, "end": end,
        "has_audio": bool(call.audio),
        "withheld": shown and bool(call.audio) and audio_withheld(call),
        "excerpt": [],
    }
    if not shown:
        until = end if end is not None else start + DEFAULT_LENGTH
        context["excerpt"] = list(Segment.objects.filter(
            call=call, end__gt=start, start__lt=until).order_by("index")[:8])
    return context
