"""import_calls and import_transcripts refuse unknown operator and line codes unless
--create-missing, like every other way in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from calls.models import Call, Line, Operator, RejectedUpload
from tests.audio_samples import write_wav
from tests.factories import LineFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def test_import_calls_rejects_unknown_codes_and_creates_them_when_asked(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    OperatorFactory(code="anna")
    LineFactory(code="sales")
    folder = tmp_path / "day"
    folder.mkdir()
    write_wav(folder / "a.wav")
    write_wav(folder / "b.wav", freq=600)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,operator,line\na.wav,anna,sales\nb.wav,ivanova,sales\n")

    output = run_command("import_calls", str(folder), "--manifest", str(manifest))

    assert "Imported: 1, duplicates: 0, rejected: 1" in output
    assert "Оператор с кодом «ivanova» не найден" in output
    assert "anna" in output
    assert not Operator.objects.filter(code="ivanova").exists()
    assert RejectedUpload.objects.get().filename == "b.wav"

    output = run_command("import_calls", str(folder), "--manifest", str(manifest),
                         "--create-missing")

    assert "Imported: 1, duplicates: 1, rejected: 0" in output
    assert Call.objects.get(external_id="b").operator == Operator.objects.get(code="ivanova")


def test_import_transcripts_rejects_unknown_codes_and_creates_them_when_asked(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    OperatorFactory(code="anna")
    record = {
        "external_id": "ext-1", "operator": "anna", "line": "support",
        "segments": [{"speaker": "customer", "start": 0, "end": 1, "text": "Добрый день"}],
    }
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    output = run_command("import_transcripts", str(path))

    assert "Imported: 0, duplicates: 0, rejected: 1" in output
    assert "Линия с кодом «support» не найдена" in output
    assert "Линий в системе пока нет" in output
    assert RejectedUpload.objects.get().external_id == "ext-1"
    assert not Line.objects.exists()

    output = run_command("import_transcripts", str(path), "--create-missing")

    assert "Imported: 1, duplicates: 0, rejected: 0" in output
    assert Call.objects.get().line == Line.objects.get(code="support")
