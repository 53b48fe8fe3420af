from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coaching.skills.exporting import skills_dump, skills_export


class Command(BaseCommand):
    help = ("Export the skills in the import format (JSON or YAML) to stdout or a file; "
            "importing the export changes nothing.")

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
        text = skills_dump(skills_export(), format=format)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Written {output}")
