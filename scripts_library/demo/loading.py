"""The demo of the scripts library: the objection library and a few sales calls where its
objections are spoken, so `make run` shows hits, replies and repeats on real-looking data.

The sales calls are transcripts (written like calls/demo/dialogs.json, with the objections each
one contains), imported as calls transcribed elsewhere: no audio to synthesize, and they go
straight to analysis, which finds their objections.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from calls.demo.dialogs import DEMO_TZ, Dialog, load_dialogs
from calls.models import Call
from calls.transcripts import call_import_transcript
from scripts_library.demo import DEMO_LIBRARY, DEMO_SALES_CALLS
from scripts_library.library.importing import ImportReport, library_import, library_read_file
from scripts_library.models import Objection

# Speech runs at about 14 characters a second; a short pause between turns.
CHARS_PER_SECOND = 14.0
PAUSE_SECONDS = 0.6


@dataclass
class DemoSalesReport:
    created: list[Call] = field(default_factory=list)
    existing: list[Call] = field(default_factory=list)


def demo_load_library(*, path: Path = DEMO_LIBRARY) -> ImportReport | None:
    """Import the demo library into an empty library only: a re-run of `make run` must not undo
    what trainers have since edited. None when the library already has objections."""
    if Objection.objects.exists():
        return None
    return library_import(data=library_read_file(path))


def demo_sales_dialogs(path: Path = DEMO_SALES_CALLS) -> list[Dialog]:
    return load_dialogs(path)


def demo_expected_objections(path: Path = DEMO_SALES_CALLS) -> dict[str, set[str]]:
    """Dialog id → the codes of the objections its customer raises (the file's "objections")."""
    with path.open(encoding="utf-8") as handle:
        return {item["id"]: set(item["objections"]) for item in json.load(handle)}


def transcript_record(dialog: Dialog, *, today: date) -> dict[str, Any]:
    """A dialog as an import_transcripts record, with plausible turn times."""
    segments = []
    at = 0.4
    for turn in dialog.turns:
        length = max(1.2, round(len(turn.text) / CHARS_PER_SECOND, 2))
        segments.append({"speaker": turn.speaker, "start": round(at, 2),
                         "end": round(at + length, 2), "text": turn.text})
        at += length + PAUSE_SECONDS
    return {
        "external_id": dialog.id, "operator": dialog.operator, "line": dialog.line,
        "customer": dialog.customer_phone, "direction": dialog.direction,
        "outcome": dialog.outcome,
        "started_at": dialog.started_at(today=today).isoformat(),
        "segments": segments,
    }


def demo_import_sales_calls(*, today: date | None = None,
                            path: Path = DEMO_SALES_CALLS) -> DemoSalesReport:
    """Import the demo sales calls (idempotent by external id); each new call is queued for
    analysis. Needs the demo operators and lines (`load_demo`)."""
    today = today or timezone.localdate(timezone=DEMO_TZ)
    report = DemoSalesReport()
    for dialog in demo_sales_dialogs(path):
        result = call_import_transcript(record=transcript_record(dialog, today=today))
        (report.created if result.created else report.existing).append(result.call)
    return report
