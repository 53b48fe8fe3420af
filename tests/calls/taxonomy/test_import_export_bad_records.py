"""calls/taxonomy/import_export.py: import_taxonomy is atomic, so a bad record (overlong names
or phrases, a file that is not UTF-8) is listed with its place and nothing is imported — never a
traceback half-way through."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from calls.models import KeyPhrase, Tag, TagCategory

pytestmark = pytest.mark.django_db


def test_overlong_strings_are_listed_and_nothing_is_imported(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"categories": [
        {"name": "К" * 10_000, "tags": []},
        {"name": "Сервис", "tags": [
            {"code": "ok", "name": "Хорошо", "phrases": [{"text": "спасибо", "speaker": "any"}]},
            {"code": "long_name", "name": "и" * 10_000, "phrases": []},
            {"code": "long_phrase", "name": "Фраза", "phrases": [
                {"text": "слово " * 2_000, "speaker": "customer"}]},
        ]},
    ]}, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_command("import_taxonomy", str(path))

    message = str(error.value)
    assert "ошибок: 3" in message
    assert "категория 1: поле «name» длиннее 200\u00a0символов" in message
    assert "тег «long_name»: поле «name» длиннее 200\u00a0символов" in message
    assert "тег «long_phrase», фраза 1" in message and "длиннее 300\u00a0символов" in message
    assert not (TagCategory.objects.exists() or Tag.objects.exists() or KeyPhrase.objects.exists())


def test_a_file_not_in_utf8_is_a_clear_error(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    path = tmp_path / "t.json"
    path.write_bytes('{"categories": [{"name": "Сервис", "tags": []}]}'.encode("cp1251"))

    with pytest.raises(CommandError, match="UTF-8") as error:
        run_command("import_taxonomy", str(path))

    assert "t.json" in str(error.value)
    assert not TagCategory.objects.exists()
