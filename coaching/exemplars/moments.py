"""What a page needs to play or quote one moment of a call: playable when the person may hear
the call, else the transcript excerpt (coaching/exemplars/_moment.html shows it).

The excerpt stands in for the player whenever there is nothing to play: a colleague's call (an
operator hears only their own), a call without a recording (imported as a transcript), a
recording withheld until its personal data are muted. A note that only repeats the excerpt's
words (a moment kept from a team gap takes the found words as its note) is left out, so the same
words are not shown twice.
"""

from __future__ import annotations

from typing import Any

from calls.models import Call, Segment
from calls.redaction.storage import audio_withheld

# An exemplar without an end is shown and excerpted for this long.
DEFAULT_LENGTH = 30.0
# Transcript lines quoted for a moment, at most.
EXCERPT_LINES = 8


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def moment_context(call: Call, start: float, end: float | None,
                   visible: set[int], note: str = "") -> dict[str, Any]:
    """`visible`: the ids of the calls the person may open; `note`: what the page would say
    about the moment (an exemplar's note, a candidate's found words), returned as "note" unless
    the excerpt already says it."""
    shown = call.pk in visible
    has_audio = bool(call.audio)
    withheld = shown and has_audio and audio_withheld(call)
    context: dict[str, Any] = {
        "visible": shown, "start": start, "end": end,
        "has_audio": has_audio, "withheld": withheld,
        "playable": shown and has_audio and not withheld,
        "excerpt": [], "note": note,
    }
    if not context["playable"]:
        until = end if end is not None else start + DEFAULT_LENGTH
        excerpt = list(Segment.objects.filter(
            call=call, end__gt=start, start__lt=until).order_by("index")[:EXCERPT_LINES])
        context["excerpt"] = excerpt
        if note and _words(note) in _words(" ".join(segment.text for segment in excerpt)):
            context["note"] = ""
    return context
