from __future__ import annotations

from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file
from project.management.import_command import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Import the tag taxonomy from a JSON or YAML file (by extension; format in "
        "docs/taxonomy.md). Idempotent by tag code; a file with any invalid phrase imports "
        "nothing. Run `reanalyse` afterwards to re-tag the archive."
    )
    read_file = staticmethod(taxonomy_read_file)
    import_data = staticmethod(taxonomy_import)
