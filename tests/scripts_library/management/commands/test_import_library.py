import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# --- Issue 15 §6: what probing the import found ---------------------------------------------------

def _objection(code: str = "refund", **fields: object) -> dict[str, object]:
    return {"code": code, "theme": "Деньги", "name": "Верните деньги",
            "phrases": [{"text": "верните деньги"}],
            "responses": {"argument": ["Деньги вернутся за три дня."]}, **fields}


def _file(tmp_path: Path, data: object, name: str = "lib.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_phrase_in_a_rare_script_is_imported(tmp_path: Path,
                                               run_command: Callable[..., str]) -> None:
    # U+1742D (Tangut): pymorphy3 raised KeyError/ValueError in is_latin_char, a traceback.
    path = _file(tmp_path, {"objections": [
        _objection(phrases=[{"text": "верните \U0001742d"}])]})
    assert "created: 4" in run_command("import_library", str(path))
    assert Objection.objects.get(code="refund").phrases.get().text == "верните \U0001742d"


@pytest.mark.parametrize(("fields", "place"), [
    ({"name": "Вер\x00ните"}, "запись 1 «refund» → поле «name»"),
    ({"phrases": [{"text": "верните\x00 деньги"}]},
     "запись 1 «refund» → поле «phrases» → запись 1 «верните\\x00 деньги» → поле «text»"),
    ({"responses": {"argument": ["ok", "Деньги\x00"]}},
     "запись 1 «refund» → поле «responses» → поле «argument» → запись 2"),
])
def test_a_nul_is_refused_with_its_record_and_field(
    tmp_path: Path, run_command: Callable[..., str], fields: dict[str, object], place: str,
) -> None:
    # PostgreSQL cannot store a NUL: it was a DataError mid-import.
    path = _file(tmp_path, {"objections": [_objection(**fields)]})
    with pytest.raises(CommandError) as error:
        run_command("import_library", str(path))
    assert "нулевой символ (\\x00)" in str(error.value)
    assert f"поле «objections» → {place}" in str(error.value)
    assert not Objection.objects.exists()


@pytest.mark.parametrize("name", ["deep.json", "deep.yaml"])
def test_a_file_nested_10_000_deep_is_refused(tmp_path: Path, run_command: Callable[..., str],
                                              name: str) -> None:
    path = tmp_path / name
    path.write_text('{"objections": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    with pytest.raises(CommandError, match="Документ вложен слишком глубоко: больше 32 уровней"):
        run_command("import_library", str(path))


def test_30_000_objections_are_refused(tmp_path: Path, run_command: Callable[..., str]) -> None:
    path = _file(tmp_path, {"objections": [{"code": f"o{n}", "theme": "Т"}
                                           for n in range(30_000)]})
    with pytest.raises(CommandError, match="В файле 30\u00a0000\u00a0возражений, а за один импорт "
                                           "допустимо не более 2\u00a0000"):
        run_command("import_library", str(path))
    assert not Objection.objects.exists()


def test_a_file_over_import_max_bytes_is_refused(tmp_path: Path, settings: Any,
                                                 run_command: Callable[..., str]) -> None:
    settings.IMPORT_MAX_BYTES = 2048
    path = _file(tmp_path, {"objections": [_objection(description="д" * 2000)]})
    with pytest.raises(CommandError, match="файл больше допустимого: 4\u00a0"):
        run_command("import_library", str(path))


def test_a_yaml_alias_is_refused(tmp_path: Path, run_command: Callable[..., str]) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text("objections:\n- &a {code: x, theme: T}\n- *a\n", encoding="utf-8")
    with pytest.raises(CommandError, match="строка 3: ссылки YAML"):
        run_command("import_library", str(path))
