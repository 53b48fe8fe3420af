"""`{{ text|mask_profanity }}`: cue text and transcript excerpts with profanity masked
(calls/voice/words/masking.py)."""

from __future__ import annotations

from django import template

from calls.voice.words.masking import mask_all_words as _mask_all_words
from calls.voice.words.masking import mask_profanity as _mask_profanity

register = template.Library()


@register.filter
def mask_profanity(text: str | None) -> str:
    return _mask_profanity(text or "")


@register.filter
def mask_all_words(text: str | None) -> str:
    """Every word masked: what a profanity cue matched, before the cue is even saved."""
    return _mask_all_words(text or "")
