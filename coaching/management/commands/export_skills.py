from __future__ import annotations

from coaching.skills.exporting import skills_dump, skills_export
from project.management.export_command import FileExportCommand


class Command(FileExportCommand):
    help = ("Export the skills in the import format (JSON or YAML) to stdout or a file; "
            "importing the export changes nothing.")
    export_data = staticmethod(skills_export)
    dump = staticmethod(skills_dump)
