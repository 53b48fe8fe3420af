"""The demo `make run` loads, built in seconds for browser journeys: no Whisper.

`load_demo` ingests twelve recordings that the cluster then transcribes; here the same twelve calls
come in as the transcripts their audio was synthesized from (calls/demo/audio/manifest.jsonl, with
each turn's real times), so they reach analysis at once. Everything else is what
`load_demo_library` and `load_demo_coaching` load. Tasks run in-process in tests, so when this
returns every call is analysed.
"""

from __future__ import annotations

import json
from datetime import date

from django.utils import timezone

from calls.demo.actions import demo_load_actions
from calls.demo.dialogs import DEMO_TZ, MANIFEST_PATH, load_dialogs
from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.management.commands.load_demo import DEMO_TAXONOMY
from calls.models import Call
from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file
from calls.transcripts import call_import_transcript
from coaching.demo.coaching import (
    demo_import_cycle_calls,
    demo_load_cycles,
    demo_load_evaluations,
)
from coaching.demo.loading import demo_load_scorecard, demo_load_skills
from scripts_library.demo.loading import demo_import_sales_calls, demo_load_library


def _import_demo_recordings_as_transcripts(*, today: date) -> list[Call]:
    timings = {}
    with MANIFEST_PATH.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                entry = json.loads(line)
                timings[entry["id"]] = entry["segments"]
    calls = []
    for dialog in load_dialogs():
        record = {
            "external_id": dialog.id, "operator": dialog.operator, "line": dialog.line,
            "customer": dialog.customer_phone, "direction": dialog.direction,
            "outcome": dialog.outcome, "started_at": dialog.started_at(today=today).isoformat(),
            "segments": [
                {key: segment[key] for key in ("speaker", "start", "end", "text")}
                for segment in timings[dialog.id]
            ],
        }
        calls.append(call_import_transcript(record=record).call)
    return calls


def load_demo_for_journeys() -> None:
    """People, lines, taxonomy, library, skills, scorecard, the calls, evaluations, cycles,
    departments with their findings and the manager's goal."""
    today = timezone.localdate(timezone=DEMO_TZ)
    demo_seed_people(today=today)
    demo_seed_lines()
    taxonomy_import(data=taxonomy_read_file(DEMO_TAXONOMY))
    demo_load_library()
    demo_load_skills()
    demo_load_scorecard()
    _import_demo_recordings_as_transcripts(today=today)
    demo_import_sales_calls(today=today)
    calls = demo_import_cycle_calls(today=today)
    demo_load_evaluations(calls=calls)
    demo_load_cycles(today=today)
    demo_load_actions(today=today)
