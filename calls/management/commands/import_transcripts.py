from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from calls.ingestion import record_rejection
from calls.management.tally import ImportTally
from calls.models import Call
from calls.transcripts import call_import_transcript
from project.errors import DomainError
from project.nul_bytes import nul_places
from project.parsing import DocumentTooDeep, json_loads
from project.transient import retry_transient


class Command(BaseCommand):
    help = (
        "Import calls transcribed elsewhere from a JSONL file (one call per line, see README). "
        "They skip transcription and go straight to analysis."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--create-missing", action="store_true",
            help="create operators and lines whose codes are not known yet (to fill in in the "
                 "admin); without it such records are rejected",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        tally = ImportTally()
        progress = tqdm(list(enumerate(lines, start=1)), unit="call",
                        disable=options["verbosity"] == 0, file=sys.stderr)
        for number, line in progress:
            if not line.strip():
                continue
            try:
                record = json_loads(line)
            except DocumentTooDeep as error:
                reason = error.message
            except json.JSONDecodeError as error:
                # json's own message is English; the position is what a person needs.
                reason = _("Строка не читается как JSON (символ %(column)d).") % {
                    "column": error.colno
                }
            except ValueError as error:
                reason = _("Строка не читается как JSON: %(error)s") % {"error": error}
            else:
                places = nul_places(record)
                # PostgreSQL cannot store a NUL: refused here, with its place, not mid-write.
                reason = (_("Нулевой символ (\\x00) в данных: %(places)s.")
                          % {"places": "; ".join(places)}) if places else ""
            if reason:
                record_rejection(source=Call.Source.TRANSCRIPT, reason=reason,
                                 filename=f"{path.name}:{number}")
                tally.reject(f"line {number}", reason)
                continue
            try:
                # Idempotent by external id, so a retry cannot import twice.
                result = retry_transient(
                    partial(call_import_transcript, record=record,
                            create_missing=options["create_missing"]),
                    attempts=settings.TRANSIENT_RETRY_ATTEMPTS,
                    base_delay=settings.TRANSIENT_RETRY_BASE_DELAY, what=f"line {number}",
                )
            except DomainError as error:
                tally.reject(f"line {number}", error.message)
                continue
            tally.add(result)
        progress.close()
        tally.write(self.stdout, self.style)
