"""The one entry point: a call's segments in, the same segments with personal data replaced out.

Every path that stores segments (ASR in the pipeline, `import_transcripts`, the API, the archive
command) calls `redact_transcript` and stores what it returns; nothing raw reaches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
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


@dataclass(frozen=True)
class RedactedSpan:
    """One replaced piece of one segment, with the seconds of audio it covers (for muting)."""

    kind: EntityKind
    segment: int  # index into the input sequence
    start: float
    end: float


@dataclass(frozen=True)
class RedactedTranscript:
    segments: list[SegmentText]  # same length and order as the input; untouched ones are equal
    spans: list[RedactedSpan]

    @property
    def changed(self) -> bool:
        return bool(self.spans)


def redact_transcript(segments: Sequence[SegmentText]) -> RedactedTranscript:
    raise NotImplementedError  # filled by the detector work
