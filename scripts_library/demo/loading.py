"""The demo of the scripts library: the objection library and a few sales calls where its
objections are spoken, so `make run` shows hits, replies and repeats on real-looking data.

The sales calls are transcripts (written like calls/demo/dialogs.json, with the objections each
one contains), imported as calls transcribed elsewhere: no audio to synthesize, and they go
straight to analysis, which finds their objections.

The demo also opens the library review of its calls' period, so /library/reviews/ shows what
the review finds on a first `make run`: its transcripts are analysed here, in the command (the
cluster's audio calls come minutes later and are not in it), and three of them are written so
that the review has one suggestion of each kind mined from speech (a new objection «курьер
опаздывает», the phrase «пенсия маленькая» for «Дорого», the reply «Зато первый месяц
бесплатный…»).
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
from calls.pipeline import call_analyse
from calls.transcripts import call_import_transcript
from scripts_library.demo import DEMO_LIBRARY, DEMO_SALES_CALLS
from scripts_library.library.importing import ImportReport, library_import, library_read_file
from scripts_library.models import LibraryReview, Objection
from scripts_library.review.services import review_open

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


def demo_analyse_sales_calls(*, path: Path = DEMO_SALES_CALLS) -> int:
    """Analyse the demo sales transcripts now, in this process, instead of waiting for the
    cluster (which will analyse them again: analysis replaces what it found, so twice is the
    same as once). Returns how many were analysed."""
    ids = [dialog.id for dialog in demo_sales_dialogs(path)]
    waiting = Call.objects.filter(external_id__in=ids, status=Call.Status.TRANSCRIBED)
    return sum(call_analyse(call_id=pk) for pk in waiting.values_list("pk", flat=True))


def demo_open_review(*, today: date | None = None,
                     path: Path = DEMO_SALES_CALLS) -> LibraryReview | None:
    """Open the library review of the demo sales calls' period (from the day of the oldest to
    today) when there is no review yet; None otherwise, so a re-run, or a later `make run` on
    another day, adds no second review of the same calls."""
    if LibraryReview.objects.exists():
        return None
    today = today or timezone.localdate(timezone=DEMO_TZ)
    first = min(dialog.started_at(today=today).date() for dialog in demo_sales_dialogs(path))
    review, _created = review_open(period_start=first, period_end=today)
    return review
