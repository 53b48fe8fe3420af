"""The kinds of personal data redacted from transcripts, and what replaces each.

Kept apart from `transcript` so the detectors can use them without importing the entry point.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EntityKind(StrEnum):
    CARD = "card"
    PHONE = "phone"
    EMAIL = "email"
    PASSPORT = "passport"
    SNILS = "snils"
    INN = "inn"
    ACCOUNT = "account"


# What replaces the text says what it was.
PLACEHOLDERS: dict[EntityKind, str] = {
    EntityKind.CARD: "[карта]",
    EntityKind.PHONE: "[телефон]",
    EntityKind.EMAIL: "[email]",
    EntityKind.PASSPORT: "[паспорт]",
    EntityKind.SNILS: "[снилс]",
    EntityKind.INN: "[инн]",
    EntityKind.ACCOUNT: "[счёт]",
}


@dataclass(frozen=True)
class SegmentText:
    """One segment as stored: `words` is [{"start", "end", "word", ...}] or None."""

    speaker: str
    start: float
    end: float
    text: str
    words: list[dict] | None = None
