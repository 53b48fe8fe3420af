from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from calls.errors import DomainError
from calls.ingestion import record_rejection
from calls.models import Call
from calls.transcripts import call_import_transcript


class Command(BaseCommand):
    help = (
        "Import calls transcribed elsewhere from a JSONL file (one call per line, see README). "
        "They skip transcription and go straight to analysis."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        counts: Counter[str] = Counter()
        rejected: list[tuple[int, str]] = []
        progress = tqdm(list(enumerate(lines, start=1)), unit="call",
                        disable=options["verbosity"] == 0, file=sys.stderr)
        for number, line in progress:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                reason = f"строка {number}: не JSON ({error.msg})"
                record_rejection(source=Call.Source.TRANSCRIPT, reason=reason,
                                 filename=f"{path.name}:{number}")
                counts["rejected"] += 1
                rejected.append((number, reason))
                continue
            try:
                result = call_import_transcript(record=record)
            except DomainError as error:
                counts["rejected"] += 1
                rejected.append((number, error.message))
                continue
            counts["imported" if result.created else "duplicates"] += 1
        progress.close()
        self.stdout.write(
            f"Imported: {counts['imported']}, duplicates: {counts['duplicates']}, "
            f"rejected: {counts['rejected']}"
        )
        for number, reason in rejected:
            self.stdout.write(self.style.WARNING(f"  line {number}: {reason}"))
