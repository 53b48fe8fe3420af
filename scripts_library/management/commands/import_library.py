from __future__ import annotations

from project.management.import_command import FileImportCommand
from scripts_library.library.importing import library_import, library_read_file


class Command(FileImportCommand):
    help = (
        "Import the objection library from a JSON or YAML file (by extension; format in "
        "docs/library.md). Idempotent by objection code; a file with any error imports nothing "
        "and every error is listed with its place. Run `reanalyse --analyser objections` "
        "afterwards to find the new phrases in the archive."
    )
    read_file = staticmethod(library_read_file)
    import_data = staticmethod(library_import)
