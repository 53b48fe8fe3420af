"""Calls with their tags and evidence, streamed row by row for analysts (export_calls)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from django.db.models import Prefetch

from calls.extensions import export_csv_value, export_fields, with_export_prefetches
from calls.local_days import started_on_days
from calls.models import Call, CallTag, TagEvidence

EXPORT_CHUNK = 500

CSV_COLUMNS = [
    "id", "external_id", "started_at", "duration", "direction", "line", "operator", "outcome",
    "status", "tags", "auto_tags", "manual_tags", "model_tags", "evidence",
]
# … followed by the columns later apps register (calls/extensions.py: objections, …).


def calls_for_export(*, since: date | None = None) -> Iterator[Call]:
    evidence = TagEvidence.objects.select_related("segment").only(
        "call_tag_id", "start", "end", "text", "segment__index"
    ).order_by("start", "id")
    tags = CallTag.objects.select_related("tag").only(
        "call_id", "source", "confidence", "tag__code"
    ).prefetch_related(Prefetch("evidence", queryset=evidence))
    calls = Call.objects.select_related("operator", "line").order_by("started_at", "id")
    calls = calls.filter(started_on_days(since, None))
    with_extras = with_export_prefetches(
        calls.prefetch_related(Prefetch("call_tags", queryset=tags)), export_fields()
    )
    # iterator() with a chunk size keeps memory flat and still runs the prefetches per chunk.
    return with_extras.iterator(chunk_size=EXPORT_CHUNK)


def call_export_row(call: Call) -> dict[str, Any]:
    call_tags = list(call.call_tags.all())
    row = {
        "id": call.pk,
        "external_id": call.external_id,
        "started_at": call.started_at.isoformat(),
        "duration": call.duration,
        "direction": call.direction,
        "line": call.line.code if call.line else None,
        "operator": call.operator.code if call.operator else None,
        "outcome": call.outcome,
        "status": call.status,
        # Every source; then each source apart: the phrases, people, the learned models.
        "tags": sorted({call_tag.tag.code for call_tag in call_tags}),
        "auto_tags": codes_of(call_tags, CallTag.Source.AUTO),
        "manual_tags": codes_of(call_tags, CallTag.Source.MANUAL),
        "model_tags": [
            {"tag": call_tag.tag.code, "confidence": call_tag.confidence}
            for call_tag in sorted(call_tags, key=lambda item: item.tag.code)
            if call_tag.source == CallTag.Source.MODEL
        ],
        "evidence": [
            {"tag": call_tag.tag.code, "segment": item.segment.index, "start": item.start,
             "end": item.end, "text": item.text}
            for call_tag in call_tags
            for item in call_tag.evidence.all()
        ],
    }
    for export_field in export_fields():
        row[export_field.name] = export_field.value(call)
    return row


def codes_of(call_tags: list[CallTag], source: str) -> list[str]:
    return sorted(call_tag.tag.code for call_tag in call_tags if call_tag.source == source)


def write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    """One line per call; lists of codes joined with ";", the model tags and the evidence as
    JSON arrays."""
    writer = csv.writer(out)
    extra = [export_field.name for export_field in export_fields()]
    writer.writerow(CSV_COLUMNS + extra)
    count = 0
    for row in rows:
        writer.writerow([
            *(row[column] if row[column] is not None else "" for column in CSV_COLUMNS[:9]),
            ";".join(row["tags"]),
            ";".join(row["auto_tags"]),
            ";".join(row["manual_tags"]),
            json.dumps(row["model_tags"], ensure_ascii=False),
            json.dumps(row["evidence"], ensure_ascii=False),
            *(export_csv_value(row[name]) for name in extra),
        ])
        count += 1
    return count
