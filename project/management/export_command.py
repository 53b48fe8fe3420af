"""The shape every "export in the import format" command shares (taxonomy, objection library,
skills): JSON or YAML (by --format, else by the extension of -o, else JSON), to stdout or a
file. The kernel imports no app, so each app's command hands over its own export and dump
functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class FileExportCommand(BaseCommand):
    """Subclasses set `help` and bind `export_data` and `dump` to the app's functions with
    `staticmethod(...)`."""

    @staticmethod
    def export_data() -> dict[str, Any]:
        raise NotImplementedError

    @staticmethod
    def dump(data: dict[str, Any], *, format: str) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "yaml"], default=None,
                            help="default: by the extension of -o, else json")
        parser.add_argument("-o", "--output", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        format = options["format"]
        if format is None:
            is_yaml = output is not None and output.suffix.lower() in (".yaml", ".yml")
            format = "yaml" if is_yaml else "json"
        text = self.dump(self.export_data(), format=format)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Written {output}")
