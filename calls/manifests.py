"""Reading the metadata manifest that may accompany a folder of recordings (CSV or JSONL)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from calls.errors import DomainError
from calls.ingestion import CallMetadata


class ManifestError(DomainError):
    code = "bad_manifest"


def _metadata(row: dict[str, str], *, where: str) -> CallMetadata:
    started_raw = (row.get("started_at") or "").strip()
    started_at = None
    if started_raw:
        started_at = parse_datetime(started_raw)
        if started_at is None:
            raise ManifestError(f"{where}: started_at {started_raw!r} is not an ISO 8601 datetime")
        if timezone.is_naive(started_at):
            started_at = timezone.make_aware(started_at)
    return CallMetadata(
        external_id=(row.get("external_id") or "").strip(),
        line=(row.get("line") or "").strip(),
        direction=(row.get("direction") or "inbound").strip(),
        started_at=started_at,
        operator=(row.get("operator") or "").strip(),
        customer_phone=(row.get("customer_phone") or "").strip(),
        outcome=(row.get("outcome") or "unknown").strip(),
        mono_speaker=(row.get("mono_speaker") or "unknown").strip(),
    )


def read_manifest(path: Path) -> dict[str, CallMetadata]:
    """Metadata keyed by file name (the `file` column: a name or a path ending in it)."""
    rows: list[tuple[str, dict[str, str]]] = []
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise ManifestError(f"{path}: the CSV needs a header with a 'file' column")
            rows = [(f"{path.name}:{n + 2}", row) for n, row in enumerate(reader)]
    elif path.suffix.lower() in {".jsonl", ".ndjson"}:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ManifestError(f"{path.name}:{number}: not JSON ({error})") from None
                if not isinstance(row, dict):
                    raise ManifestError(f"{path.name}:{number}: expected a JSON object")
                rows.append((f"{path.name}:{number}", {k: str(v) for k, v in row.items()
                                                        if v is not None}))
    else:
        raise ManifestError(f"{path}: a manifest is a .csv or .jsonl file")
    manifest: dict[str, CallMetadata] = {}
    for where, row in rows:
        name = Path((row.get("file") or "").strip()).name
        if not name:
            raise ManifestError(f"{where}: the 'file' value is empty")
        manifest[name] = _metadata(row, where=where)
    return manifest
