"""`{{ text|mask_profanity }}`: cue text and transcript excerpts with profanity masked
(calls/voice/words/masking.py)."""

from __future__ import annotations

from django import template

from calls.voice.words.masking import mask_profanity as _mask_profanity

register = template.Library()


@register.filter
def mask_profanity(text: str | None) -> str:
    return _mask_profanity(text or "")
