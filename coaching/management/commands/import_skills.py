from __future__ import annotations

from coaching.skills.importing import skills_import, skills_read_file
from project.management.import_command import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Import skills from a JSON or YAML file (by extension; format in docs/coaching.md). "
        "Idempotent by skill code; a file with any error imports nothing and every error is "
        "listed with its place. Run `reanalyse --analyser skills` afterwards to find the new "
        "phrases in the archive."
    )
    read_file = staticmethod(skills_read_file)
    import_data = staticmethod(skills_import)
