from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from calls.management.arguments import iso_date
from calls.taxonomy.export import call_export_row, calls_for_export, write_csv, write_jsonl


class Command(BaseCommand):
    help = (
        "Export calls with metadata, tag codes and evidence (segment index, start, end, matched "
        "text) as JSON Lines or CSV, streamed, for analysts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--since", type=iso_date, default=None,
                            help="only calls that started on or after this date (YYYY-MM-DD)")
        parser.add_argument("-o", "--output", type=Path, default=None, help="default: stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = map(call_export_row, calls_for_export(since=options["since"]))
        write = write_csv if options["format"] == "csv" else write_jsonl
        output: Path | None = options["output"]
        if output is None:
            count = write(rows, self.stdout)  # type: ignore[arg-type]
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = write(rows, out)
        if options["verbosity"] >= 1:
            sys.stderr.write(f"Exported {count} calls.\n")
