"""import_skills / export_skills: the file format of docs/coaching.md, round trip, refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError

from coaching.models import Skill, SkillPhrase

pytestmark = pytest.mark.django_db

DOCUMENT = {"skills": [
    {"code": "greeting", "name": "Приветствие", "description": "Здоровается в начале.",
     "phrases": [{"text": "добрый день", "speaker": "operator",
                  "window": {"kind": "first", "seconds": 30}},
                 {"text": "здравствуйте"}]},
    {"code": "objection_handling", "name": "Работа с возражениями", "kind": "objections"},
]}


def _write(tmp_path: Path, data: object, name: str = "skills.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_is_idempotent_and_round_trips(tmp_path: Path,
                                              run_command: Callable[..., str]) -> None:
    path = _write(tmp_path, DOCUMENT)
    assert "created: 4," in run_command("import_skills", str(path))
    greeting = Skill.objects.get(code="greeting")
    phrase = greeting.phrases.get(text="добрый день")
    assert (phrase.speaker, phrase.window_kind, phrase.window_seconds) == ("operator", "first", 30)
    assert greeting.phrases.get(text="здравствуйте").speaker == "operator"
    assert Skill.objects.get(code="objection_handling").kind == Skill.Kind.OBJECTION_HANDLING
    assert "created: 0, updated: 0, removed: 0, unchanged: 4" in run_command(
        "import_skills", str(path))
    exported = tmp_path / "export.yaml"
    run_command("export_skills", "-o", str(exported))
    assert "created: 0, updated: 0, removed: 0, unchanged: 4" in run_command(
        "import_skills", str(exported))
    data = json.loads(run_command("export_skills"))
    assert [skill["code"] for skill in data["skills"]] == ["greeting", "objection_handling"]
    assert data["skills"][0]["phrases"][0]["window"] == {"kind": "first", "seconds": 30}


def test_a_changed_file_updates_and_removes_and_dry_run_saves_nothing(
        tmp_path: Path, run_command: Callable[..., str]) -> None:
    run_command("import_skills", str(_write(tmp_path, DOCUMENT)))
    changed = json.loads(json.dumps(DOCUMENT))
    changed["skills"][0]["name"] = "Приветствие клиента"
    changed["skills"][0]["phrases"] = [{"text": "добрый день"}]
    path = _write(tmp_path, changed, "changed.json")
    out = run_command("import_skills", str(path), "--dry-run")
    assert out.startswith("  ") and "Dry run" in out and "removed: 1" in out
    assert Skill.objects.get(code="greeting").name == "Приветствие"
    run_command("import_skills", str(path))
    greeting = Skill.objects.get(code="greeting")
    assert greeting.name == "Приветствие клиента"
    [phrase] = greeting.phrases.all()
    assert phrase.window_kind == "none"


def test_a_broken_file_is_refused_with_every_place(tmp_path: Path,
                                                   run_command: Callable[..., str]) -> None:
    broken = {"skills": [
        {"code": "greeting", "name": "Приветствие",
         "phrases": [{"text": "добрый день", "speaker": "boss"},
                     {"text": "здравствуйте", "window": {"kind": "first", "seconds": 0}}]},
        {"code": "Привет!", "name": "x"},
        {"code": "closing", "phrases": "до свидания"},
        {"code": "greeting", "name": "Дубль"},
        {"code": "objection_handling", "name": "Возражения", "kind": "objections",
         "phrases": [{"text": "понимаю"}]},
    ]}
    with pytest.raises(CommandError) as error:
        run_command("import_skills", str(_write(tmp_path, broken)))
    message = str(error.value)
    assert "ошибок: 7" in message
    assert "навык 1 «greeting», фраза 1 «добрый день»: «speaker»" in message
    assert "навык 1 «greeting», фраза 2 «здравствуйте»: «window»" in message
    assert "навык 2: код 'Привет!'" in message
    assert "навык 3 «closing»: поле «name»" in message
    assert "навык 3 «closing»: «phrases» должно быть списком" in message
    assert "навык 4 «greeting»: код повторяется" in message
    assert "навык 5 «objection_handling»: навык вида objections" in message
    assert not Skill.objects.exists() and not SkillPhrase.objects.exists()


@pytest.mark.parametrize(("name", "text"), [
    ("bad.json", "{not json"),
    ("bad.yaml", "skills: [\n"),
    ("list.json", "[]"),
])
def test_unreadable_files_are_refused(tmp_path: Path, run_command: Callable[..., str],
                                      name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        run_command("import_skills", str(path))
    assert not Skill.objects.exists()


# --- Issue 15 §6: what probing the import found ---------------------------------------------------

def test_a_phrase_in_a_rare_script_is_imported(tmp_path: Path,
                                               run_command: Callable[..., str]) -> None:
    path = _write(tmp_path, {"skills": [{"code": "g", "name": "Приветствие",
                                         "phrases": [{"text": "\U0001742d день"}]}]})
    assert "created: 2," in run_command("import_skills", str(path))
    assert SkillPhrase.objects.get().text == "\U0001742d день"


@pytest.mark.parametrize(("skill", "place"), [
    ({"code": "g", "name": "При\x00ветствие"}, "запись 1 «g» → поле «name»"),
    ({"code": "g", "name": "П", "phrases": [{"text": "добрый\x00"}]},
     "запись 1 «g» → поле «phrases» → запись 1 «добрый\\x00» → поле «text»"),
])
def test_a_nul_is_refused_with_its_record_and_field(
    tmp_path: Path, run_command: Callable[..., str], skill: dict[str, object], place: str,
) -> None:
    with pytest.raises(CommandError) as error:
        run_command("import_skills", str(_write(tmp_path, {"skills": [skill]})))
    assert f"нулевой символ (\\x00) в данных; уберите его:\n  - поле «skills» → {place}" in str(
        error.value)
    assert not Skill.objects.exists()


@pytest.mark.parametrize("name", ["deep.json", "deep.yml"])
def test_a_file_nested_10_000_deep_is_refused(tmp_path: Path, run_command: Callable[..., str],
                                              name: str) -> None:
    path = tmp_path / name
    path.write_text('{"skills": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    with pytest.raises(CommandError, match="вложен слишком глубоко"):
        run_command("import_skills", str(path))


def test_30_000_skills_are_refused(tmp_path: Path, run_command: Callable[..., str]) -> None:
    path = _write(tmp_path, {"skills": [{"code": f"s{n}", "name": "Н"} for n in range(30_000)]})
    with pytest.raises(CommandError, match="В файле 30\u00a0000\u00a0навыков"):
        run_command("import_skills", str(path))
    assert not Skill.objects.exists()
