"""The shape every "import a JSON or YAML file" command shares (taxonomy, objection library,
skills): read the file, import it or only preview with --dry-run, print a line per change and
the counts, and turn a DomainError into a CommandError. The kernel imports no app, so each
app's command hands over its own read and import functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from project.errors import DomainError


class ImportReport(Protocol):
    """What an app's import returns: a line per change and the counts."""

    @property
    def changes(self) -> list[str]: ...
    @property
    def created(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def removed(self) -> int: ...
    @property
    def unchanged(self) -> int: ...


class FileImportCommand(BaseCommand):
    """Subclasses set `help` and bind `read_file` and `import_data` to the app's functions
    with `staticmethod(...)`."""

    @staticmethod
    def read_file(path: Path) -> Any:
        raise NotImplementedError

    @staticmethod
    def import_data(*, data: Any, dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="print what would change and change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = self.read_file(options["file"])
            report = self.import_data(data=data, dry_run=options["dry_run"])
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
