"""Reading the metadata manifest that may accompany a folder of recordings (CSV or JSONL)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from calls.errors import MetadataRejected
from calls.ingestion import CallMetadata, check_started_at
from calls.models import Call, Speaker
from project.errors import DomainError
from project.nul_bytes import nul_places
from project.parsing import DocumentTooDeep, json_loads


class ManifestError(DomainError):
    code = "bad_manifest"


def _metadata(row: dict[str, str], *, where: str) -> CallMetadata:
    started_raw = (row.get("started_at") or "").strip()
    started_at = None
    if started_raw:
        try:
            started_at = parse_datetime(started_raw)
        except ValueError:
            # Well formed but impossible, such as month 13.
            started_at = None
        if started_at is None:
            raise ManifestError(
                _("%(where)s: «started_at» %(value)r не распознано как дата и время; нужен "
                  "формат ISO 8601, например 2026-11-20T10:15:00+03:00.")
                % {"where": where, "value": started_raw}
            )
        if timezone.is_naive(started_at):
            started_at = timezone.make_aware(started_at)
        try:
            check_started_at(started_at)
        except MetadataRejected as error:
            raise ManifestError(f"{where}: {error.message}") from None
    return CallMetadata(
        external_id=(row.get("external_id") or "").strip(),
        line=(row.get("line") or "").strip(),
        direction=(row.get("direction") or Call.Direction.INBOUND).strip(),
        started_at=started_at,
        operator=(row.get("operator") or "").strip(),
        customer_phone=(row.get("customer_phone") or "").strip(),
        outcome=(row.get("outcome") or Call.Outcome.UNKNOWN).strip(),
        mono_speaker=(row.get("mono_speaker") or Speaker.UNKNOWN).strip(),
        # Optional: the name to show when the file on disk was renamed (else the file's own).
        original_name=row.get("original_name") or "",
    )


def _manifest_rows(path: Path) -> list[tuple[str, dict[str, str]]]:
    rows: list[tuple[str, dict[str, str]]] = []
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise ManifestError(
                    _("%(path)s: в CSV нужна строка заголовка со столбцом «file».") % {"path": path}
                )
            rows = [(f"{path.name}:{n + 2}", row) for n, row in enumerate(reader)]
    elif path.suffix.lower() in {".jsonl", ".ndjson"}:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json_loads(line)
                except DocumentTooDeep as error:
                    raise ManifestError(f"{path.name}:{number}: {error.message}") from None
                except json.JSONDecodeError as error:
                    raise ManifestError(
                        _("%(where)s: строка не читается как JSON (символ %(column)d).")
                        % {"where": f"{path.name}:{number}", "column": error.colno}
                    ) from None
                except ValueError as error:
                    raise ManifestError(
                        _("%(where)s: строка не читается как JSON: %(error)s")
                        % {"where": f"{path.name}:{number}", "error": error}
                    ) from None
                if not isinstance(row, dict):
                    raise ManifestError(
                        _("%(where)s: ожидается JSON-объект.")
                        % {"where": f"{path.name}:{number}"}
                    )
                rows.append((f"{path.name}:{number}", {k: str(v) for k, v in row.items()
                                                        if v is not None}))
    else:
        raise ManifestError(
            _("%(path)s: манифест — это файл .csv или .jsonl.") % {"path": path}
        )
    return rows


def read_manifest(path: Path) -> dict[str, CallMetadata]:
    """Metadata keyed by file name (the `file` column: a name or a path ending in it)."""
    try:
        rows = _manifest_rows(path)
    except UnicodeDecodeError as error:
        # A manifest saved as cp1251 from a spreadsheet is a common mistake, not a traceback.
        raise ManifestError(
            _("%(path)s: файл не в кодировке UTF-8 (байт %(position)d). Сохраните манифест "
              "в UTF-8.") % {"path": path.name, "position": error.start}
        ) from None
    manifest: dict[str, CallMetadata] = {}
    for where, row in rows:
        places = nul_places(row)
        if places:
            # PostgreSQL cannot store a NUL: refused with its place, not as a DataError mid-way.
            raise ManifestError(_("%(where)s: нулевой символ (\\x00) в данных: %(places)s.")
                                % {"where": where, "places": "; ".join(places)})
        name = Path((row.get("file") or "").strip()).name
        if not name:
            raise ManifestError(_("%(where)s: не указан файл (столбец «file»).") % {"where": where})
        manifest[name] = _metadata(row, where=where)
    return manifest
