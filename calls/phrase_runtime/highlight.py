"""Matched words marked inside a segment's text, for pages to render."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TextPart:
    text: str
    marked: bool


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
