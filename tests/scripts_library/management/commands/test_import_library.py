from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from scripts_library.library.exporting import library_dump, library_export
from scripts_library.library.importing import library_read_file
from scripts_library.models import Objection
from tests.scripts_library.library.test_importing import _library

pytestmark = pytest.mark.django_db


def test_commands_import_dry_run_and_export(tmp_path: Path,
                                            run_command: Callable[..., str]) -> None:
    source = tmp_path / "lib.yaml"
    source.write_text(library_dump(_library(), format="yaml"), encoding="utf-8")
    out = run_command("import_library", str(source), "--dry-run")
    assert "Dry run" in out and not Objection.objects.exists()
    out = run_command("import_library", str(source))
    assert "created: 12" in out
    exported = tmp_path / "out.yaml"
    run_command("export_library", "-o", str(exported))
    assert library_read_file(exported) == library_export()
    assert "unchanged" in run_command("import_library", str(exported))
    broken = tmp_path / "broken.json"
    broken.write_text('{"objections": [{"code": "x"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="возражение 1 «x»: поле «theme»"):
        run_command("import_library", str(broken))
