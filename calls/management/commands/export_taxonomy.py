from __future__ import annotations

from calls.taxonomy.import_export import taxonomy_dump, taxonomy_export
from project.management.export_command import FileExportCommand


class Command(FileExportCommand):
    help = "Export the tag taxonomy in the import format (JSON or YAML) to stdout or a file."
    export_data = staticmethod(taxonomy_export)
    dump = staticmethod(taxonomy_dump)
