from pathlib import Path

import pytest

from calls.phrase_runtime.phrase_files import FileChecker, PhraseSpec, read_json_or_yaml
from project.errors import DomainError


class _Invalid(DomainError):
    code = "invalid"


def test_a_phrase_is_checked_by_the_engine_and_its_place_is_named() -> None:
    checker = FileChecker()
    spec = checker.phrase({"text": "Слишком  дорого", "max_gap": 2}, "фраза 1",
                          default_speaker="customer")
    assert spec == PhraseSpec("Слишком дорого", "customer", 2, "none", None)
    assert checker.phrase({"text": "дорого", "window": {"kind": "first", "seconds": 0}},
                          "фраза 2", default_speaker="customer") is None
    assert checker.phrase({"text": "дорого"}, "фраза 3") is None  # no default: speaker required
    assert [error.split(":")[0] for error in checker.errors] == [
        "фраза 2 «дорого»", "фраза 3 «дорого»",
    ]


def test_text_limits_are_listed_not_left_to_the_database() -> None:
    checker = FileChecker()
    assert checker.text({"name": "x" * 201}, "name", "тег 1", limit=200) == ""
    assert checker.text({}, "description", "тег 1", required=False) == ""
    assert checker.errors == ["тег 1: поле «name» длиннее 200\u00a0символов (201)"]


def test_files_are_read_as_json_or_yaml_and_unreadable_ones_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: [1, 2]\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "bad.json").write_bytes("{\"a\": \"цена\"}".encode("cp1251"))
    assert read_json_or_yaml(tmp_path / "a.yaml", invalid=_Invalid) == {"a": [1, 2]}
    assert read_json_or_yaml(tmp_path / "a.json", invalid=_Invalid) == {"a": 1}
    with pytest.raises(_Invalid, match="UTF-8"):
        read_json_or_yaml(tmp_path / "bad.json", invalid=_Invalid)
    with pytest.raises(_Invalid, match="YAML"):
        (tmp_path / "b.yml").write_text("a: [", encoding="utf-8")
        read_json_or_yaml(tmp_path / "b.yml", invalid=_Invalid)
