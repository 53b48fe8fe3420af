"""The demo dialogs as written in dialogs.json: who calls whom, when, and what each side says."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

DEMO_DIR = Path(__file__).resolve().parent
DIALOGS_PATH = DEMO_DIR / "dialogs.json"
AUDIO_DIR = DEMO_DIR / "audio"
MANIFEST_PATH = AUDIO_DIR / "manifest.jsonl"

# The demo center works on Moscow time whatever TIME_ZONE a deployment sets, so that «10:15» in
# dialogs.json is always a morning call.
DEMO_TZ = ZoneInfo("Europe/Moscow")

SpeakerName = Literal["operator", "customer"]
Gender = Literal["female", "male"]


@dataclass(frozen=True)
class Turn:
    speaker: SpeakerName
    text: str


@dataclass(frozen=True)
class Dialog:
    id: str
    line: str
    direction: str
    operator: str
    customer_phone: str
    customer_gender: Gender
    outcome: str
    days_ago: int
    time: time
    turns: tuple[Turn, ...]

    @property
    def filename(self) -> str:
        return f"{self.id}.ogg"

    def started_at(self, *, today: date) -> datetime:
        return datetime.combine(today - timedelta(days=self.days_ago), self.time, tzinfo=DEMO_TZ)


def _turn(raw: dict[str, Any]) -> Turn:
    speaker = raw["speaker"]
    if speaker not in ("operator", "customer"):
        raise ValueError(f"Unknown speaker {speaker!r}")
    return Turn(speaker=speaker, text=str(raw["text"]).strip())


def _dialog(raw: dict[str, Any]) -> Dialog:
    gender = raw["customer_gender"]
    if gender not in ("female", "male"):
        raise ValueError(f"{raw['id']}: customer_gender must be female or male, not {gender!r}")
    turns = tuple(_turn(item) for item in raw["turns"])
    if not turns:
        raise ValueError(f"{raw['id']}: a dialog needs turns")
    return Dialog(
        id=raw["id"],
        line=raw["line"],
        direction=raw["direction"],
        operator=raw["operator"],
        customer_phone=raw["customer_phone"],
        customer_gender=gender,
        outcome=raw["outcome"],
        days_ago=int(raw["days_ago"]),
        time=time.fromisoformat(raw["time"]),
        turns=turns,
    )


def load_dialogs(path: Path = DIALOGS_PATH) -> list[Dialog]:
    with path.open(encoding="utf-8") as handle:
        raw = json.load(handle)
    dialogs = [_dialog(item) for item in raw]
    ids = [dialog.id for dialog in dialogs]
    if len(set(ids)) != len(ids):
        raise ValueError("Dialog ids in dialogs.json must be unique")
    return dialogs
