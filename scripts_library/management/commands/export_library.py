from __future__ import annotations

from project.management.export_command import FileExportCommand
from scripts_library.library.exporting import library_dump, library_export


class Command(FileExportCommand):
    help = ("Export the objection library in the import format (JSON or YAML) to stdout or a "
            "file; importing the export changes nothing.")
    export_data = staticmethod(library_export)
    dump = staticmethod(library_dump)
