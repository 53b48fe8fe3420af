from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coaching.skills.importing import skills_import, skills_read_file
from project.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import skills from a JSON or YAML file (by extension; format in docs/coaching.md). "
        "Idempotent by skill code; a file with any error imports nothing and every error is "
        "listed with its place. Run `reanalyse --analyser skills` afterwards to find the new "
        "phrases in the archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="print what would change and change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = skills_read_file(options["file"])
            report = skills_import(data=data, dry_run=options["dry_run"])
        except DomainError as error:
            raise CommandError(error.message) from None
        if options["verbosity"] >= 1:
            for change in report.changes:
                self.stdout.write(f"  {change}")
        prefix = "Dry run, nothing saved. Would be: " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}created: {report.created}, updated: {report.updated}, "
            f"removed: {report.removed}, unchanged: {report.unchanged}"
        )
