"""calls/taxonomy/import_export.py, through import_taxonomy / export_taxonomy: the file format,
idempotency and all-or-nothing errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management.base import CommandError

from calls.models import KeyPhrase, Tag, TagCategory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[3] / "calls" / "demo" / "taxonomy.json"

SMALL: dict[str, Any] = {
    "categories": [
        {
            "name": "Сервис",
            "tags": [
                {
                    "code": "long_wait",
                    "name": "Долгое ожидание",
                    "description": "Клиент долго ждал ответа.",
                    "phrases": [
                        {"text": "ждал на линии", "speaker": "customer", "max_gap": 1},
                        {"text": "спасибо за ожидание", "speaker": "operator", "max_gap": 2,
                         "window": {"kind": "first", "seconds": 60}},
                    ],
                },
                {"code": "old_tag", "name": "Старый", "description": "", "active": False,
                 "phrases": []},
            ],
        }
    ]
}


def _write(tmp_path: Path, data: Any, name: str = "taxonomy.json") -> Path:
    path = tmp_path / name
    if name.endswith((".yaml", ".yml")):
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_creates_everything(tmp_path: Path, run_command: Callable[..., str]) -> None:
    output = run_command("import_taxonomy", str(_write(tmp_path, SMALL)))

    assert "created: 5" in output  # category, 2 tags, 2 phrases
    tag = Tag.objects.get(code="long_wait")
    assert tag.category.name == "Сервис" and tag.is_active and tag.activated_on
    window = KeyPhrase.objects.get(text="спасибо за ожидание")
    assert (window.speaker, window.max_gap, window.rule().window) == (
        "operator", 2, ("first", 60.0)
    )
    retired = Tag.objects.get(code="old_tag")
    assert not retired.is_active and retired.retired_on


def test_export_import_round_trip_and_idempotent(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    run_command("import_taxonomy", str(DEMO))
    exported = json.loads(run_command("export_taxonomy"))

    assert exported == json.loads(DEMO.read_text(encoding="utf-8"))
    again = run_command("import_taxonomy", str(DEMO))
    assert "created: 0, updated: 0, removed: 0" in again
    # YAML round trip too.
    yaml_path = tmp_path / "t.yaml"
    run_command("export_taxonomy", "-o", str(yaml_path))
    assert yaml.safe_load(yaml_path.read_text(encoding="utf-8")) == exported
    assert "created: 0, updated: 0, removed: 0" in run_command("import_taxonomy", str(yaml_path))


def test_reimport_updates_by_code_and_dry_run_changes_nothing(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    run_command("import_taxonomy", str(_write(tmp_path, SMALL)))
    changed = json.loads(json.dumps(SMALL))
    tag = changed["categories"][0]["tags"][0]
    tag["name"] = "Ожидание на линии"
    tag["phrases"] = [
        {"text": "ждал на линии", "speaker": "customer", "max_gap": 3},
        {"text": "висел на линии", "speaker": "customer", "max_gap": 1},
    ]
    path = _write(tmp_path, changed, "changed.yaml")

    preview = run_command("import_taxonomy", str(path), "--dry-run")
    assert "тег изменён: long_wait (name)" in preview
    assert "фраза добавлена: long_wait: «висел на линии» (customer)" in preview
    assert "фраза удалена: long_wait: «спасибо за ожидание» (operator)" in preview
    assert Tag.objects.get(code="long_wait").name == "Долгое ожидание"
    assert KeyPhrase.objects.count() == 2

    run_command("import_taxonomy", str(path))
    tag_row = Tag.objects.get(code="long_wait")
    assert tag_row.name == "Ожидание на линии"
    assert sorted(tag_row.phrases.values_list("text", "max_gap")) == [
        ("висел на линии", 1), ("ждал на линии", 3),
    ]
    assert Tag.objects.count() == 2 and TagCategory.objects.count() == 1


def test_invalid_phrase_is_a_clear_error_and_nothing_is_imported(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    bad = json.loads(json.dumps(SMALL))
    bad["categories"][0]["tags"][0]["phrases"].append(
        {"text": "промокод «не работает", "speaker": "customer", "max_gap": 1}
    )
    bad["categories"][0]["tags"][1]["phrases"].append(
        {"text": "ждал", "speaker": "robot", "max_gap": 1}
    )

    with pytest.raises(CommandError) as error:
        run_command("import_taxonomy", str(_write(tmp_path, bad)))

    message = str(error.value)
    assert "ошибок: 2" in message
    assert "тег «long_wait», фраза 3 «промокод «не работает»: Незакрытая кавычка" in message
    assert "тег «old_tag»" in message and "robot" in message
    assert not Tag.objects.exists() and not TagCategory.objects.exists()


def test_malformed_files_are_errors(tmp_path: Path, run_command: Callable[..., str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        run_command("import_taxonomy", str(broken))
    with pytest.raises(CommandError, match="categories"):
        run_command("import_taxonomy", str(_write(tmp_path, {"tags": []})))
    with pytest.raises(CommandError, match="code"):
        run_command("import_taxonomy", str(_write(tmp_path, {"categories": [
            {"name": "A", "tags": [{"code": "с пробелом", "name": "x", "phrases": []}]}]})))


# --- Issue 15 §6: NUL, depth and size, refused with their place -----------------------------------

def test_a_nul_in_a_tag_is_refused_with_its_place(tmp_path: Path,
                                                  run_command: Callable[..., str]) -> None:
    bad = json.loads(json.dumps(SMALL))
    bad["categories"][0]["tags"][0]["name"] = "Долгое\x00 ожидание"
    with pytest.raises(CommandError, match="поле «categories» → запись 1 «Сервис» → поле «tags» "
                                           "→ запись 1 «long_wait» → поле «name»"):
        run_command("import_taxonomy", str(_write(tmp_path, bad)))
    assert not Tag.objects.exists()


def test_a_deep_taxonomy_is_refused(tmp_path: Path, run_command: Callable[..., str]) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text("categories: " + "[" * 10_000 + "]" * 10_000, encoding="utf-8")
    with pytest.raises(CommandError, match="вложен слишком глубоко"):
        run_command("import_taxonomy", str(path))


def test_too_many_tags_are_refused(tmp_path: Path, settings: Any,
                                   run_command: Callable[..., str]) -> None:
    settings.IMPORT_MAX_RECORDS = 1
    with pytest.raises(CommandError, match="В файле 2\u00a0тега, а за один импорт допустимо не "
                                           "более 1"):
        run_command("import_taxonomy", str(_write(tmp_path, SMALL)))


def test_the_problem_flag_travels_with_the_category(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    run_command("import_taxonomy", str(DEMO))
    # The demo's gratitude is a topic, not a problem; every other category is a problem.
    assert list(TagCategory.objects.filter(is_problem=False).values_list("name", flat=True)) == [
        "Благодарность"]
    assert Tag.objects.get(code="gratitude").category.name == "Благодарность"
    categories = json.loads(run_command("export_taxonomy"))["categories"]
    assert [c.get("problem", True) for c in categories].count(False) == 1
    # A file without the key leaves an existing category's flag alone; one with it changes it.
    run_command("import_taxonomy", str(_write(tmp_path, {"categories": [
        {"name": "Благодарность", "tags": []}]})))
    assert not TagCategory.objects.get(name="Благодарность").is_problem
    output = run_command("import_taxonomy", str(_write(tmp_path, {"categories": [
        {"name": "Благодарность", "problem": True, "tags": []}]})))
    assert "категория изменена: Благодарность" in output
    assert TagCategory.objects.get(name="Благодарность").is_problem


def test_a_bad_problem_flag_is_refused(tmp_path: Path, run_command: Callable[..., str]) -> None:
    with pytest.raises(CommandError, match="«problem» должно быть true или false"):
        run_command("import_taxonomy", str(_write(tmp_path, {"categories": [
            {"name": "Сервис", "problem": "нет", "tags": []}]})))
    assert not TagCategory.objects.exists()
