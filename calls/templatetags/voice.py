"""The call page's voice timeline under the player (calls/voice/display.py)."""

from __future__ import annotations

from typing import Any

from django import template

from calls.models import Call
from calls.voice.display import WIDTH, call_timeline, seconds_text

register = template.Library()


@register.inclusion_tag("voice/_timeline.html", takes_context=True)
def voice_timeline(context: template.Context, call: Call) -> dict[str, Any]:
    """The call is visible to the user already: the call page checked it."""
    return {
        "timeline": call_timeline(call),
        "call": call,
        "width": WIDTH,
        "request": context.get("request"),
    }


@register.filter
def voice_seconds(value: float | None) -> str:
    """30.0 → «30», 2.46 → «2,5»."""
    return "" if value is None else seconds_text(float(value))
