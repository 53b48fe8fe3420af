"""Template filters for showing calls: durations and moments of a recording."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def clock(seconds: float | int | None) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour on: 75.4 → "1:15"."""
    if seconds is None or seconds == "":
        return ""
    try:
        total = int(float(seconds))
    except (TypeError, ValueError):
        return ""
    total = max(total, 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
