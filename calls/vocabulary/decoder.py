"""A line's vocabulary as the decoder takes it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from calls.models import Line

# WHISPER_VOCABULARY_MODE -> EngineOptions field.
OPTION_OF_MODE = {"hotwords": "hotwords", "prompt": "initial_prompt"}


def vocabulary_text(terms: list[str]) -> str:
    """The words as one hint: Whisper reads a prompt as text that came before, so a list of
    words separated by commas, as a person would write it, and ended: after an open list
    Whisper went on with «и …» over a telephone line and lost the chunk (demo-001, demo-003)."""
    return ", ".join(terms) + "."


def line_decoder_terms(line: Line | None) -> list[str]:
    """The words passed to the decoder for the line's calls: none without a line, with the
    line's switch off, or beyond the cap (the oldest kept)."""
    if line is None or not line.vocabulary_to_decoder:
        return []
    return list(line.terms.order_by("id").values_list("term", flat=True)
                [:settings.LINE_VOCABULARY_MAX_TERMS])


def decoder_overrides(line: Line | None) -> dict[str, Any]:
    """EngineOptions overrides for a call of this line: empty — today's options, unchanged —
    when the line passes no words."""
    terms = line_decoder_terms(line)
    if not terms:
        return {}
    return {OPTION_OF_MODE[settings.WHISPER_VOCABULARY_MODE]: vocabulary_text(terms)}
