"""import_transcripts: a file of ready transcripts, one JSON record per line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from calls.models import Call, RejectedUpload

pytestmark = pytest.mark.django_db


def test_import_transcripts(
    tmp_path: Path, django_capture_on_commit_callbacks, run_command: Callable[..., str]
) -> None:  # type: ignore[no-untyped-def]
    good = {
        "external_id": "ext-1", "operator": "petrov", "customer": "+7 916 000-11-22",
        "started_at": "2026-11-20T10:00:00+03:00", "line": "support", "outcome": "resolved",
        "segments": [
            {"speaker": "customer", "start": 2.0, "end": 4.5, "text": "Я ждал на линии полчаса"},
            {"speaker": "operator", "start": 0.0, "end": 1.8, "text": "Здравствуйте"},
        ],
    }
    records = [
        json.dumps(good, ensure_ascii=False),
        json.dumps({**good, "external_id": None, "id": "ext-2"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "ext-3", "segments": []}),
        json.dumps({"id": "ext-4", "segments": [{"speaker": "robot", "start": 0, "end": 1,
                                                  "text": "a"}]}),
        json.dumps({"id": "ext-5", "segments": [{"speaker": "customer", "start": 3, "end": 1,
                                                  "text": "a"}]}),
        json.dumps(good, ensure_ascii=False),
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        output = run_command("import_transcripts", str(path), "--create-missing")

    assert "Imported: 2, duplicates: 1, rejected: 4" in output
    call = Call.objects.get(external_id="ext-1")
    # Segments are ordered by time, whatever the order in the file.
    assert [s.speaker for s in call.segments.all()] == ["operator", "customer"]
    assert call.duration == 4.5
    assert call.operator.code == "petrov"
    assert call.status == Call.Status.ANALYSED
    assert call.source == Call.Source.TRANSCRIPT
    assert not call.audio
    reasons = list(RejectedUpload.objects.values_list("reason", flat=True))
    assert len(reasons) == 4
    assert any("robot" in reason for reason in reasons)
    assert any("раньше" in reason for reason in reasons)
    # json's English message ("Expecting property name…") is not passed on.
    assert "Строка не читается как JSON (символ 2)." in reasons
    assert not any("Expecting" in reason for reason in reasons)


def test_a_locked_database_during_an_import_is_retried_not_a_rejection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any,
    run_command: Callable[..., str],
) -> None:
    from django.db import OperationalError

    from calls import transcripts

    settings.TRANSIENT_RETRY_BASE_DELAY = 0
    real = transcripts.call_import_transcript
    locked: list[int] = []

    def flaky(**kwargs: Any) -> Any:
        if len(locked) < 2:
            locked.append(1)
            raise OperationalError("database is locked")
        return real(**kwargs)

    monkeypatch.setattr(
        "calls.management.commands.import_transcripts.call_import_transcript", flaky)
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"id": "ext-9", "segments": [
        {"speaker": "customer", "start": 0, "end": 2, "text": "Добрый день"}]}) + "\n",
        encoding="utf-8")

    output = run_command("import_transcripts", str(path), "--create-missing")

    assert "Imported: 1, duplicates: 0, rejected: 0" in output
    assert len(locked) == 2 and Call.objects.filter(external_id="ext-9").exists()


def test_bad_records_are_refused_by_line_and_the_rest_imported(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    def record(external_id: str, **changes: Any) -> str:
        return json.dumps({"external_id": external_id, "started_at": "2026-11-20T10:00:00+03:00",
                           "segments": [{"speaker": "operator", "start": 0, "end": 1,
                                         "text": "Алло"}], **changes}, ensure_ascii=False)

    lines = [
        record("x" * 10_000),  # crashed the import mid-way with a DataError on PostgreSQL
        record("ok-1"),
        record("long-op", operator="o" * 10_000),
        record("typed", segments="нет"),
        record("date", started_at="9999-12-31T00:00:00-12:00"),
        record("ok-2"),
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    output = run_command("import_transcripts", str(path), "--create-missing")

    assert "Imported: 2, duplicates: 0, rejected: 4" in output
    assert set(Call.objects.values_list("external_id", flat=True)) == {"ok-1", "ok-2"}
    for number, needle in ((1, "длиннее 200"), (3, "Код оператора"), (4, "segments"),
                           (5, "вне допустимого")):
        assert any(f"line {number}" in row and needle in row for row in output.splitlines()), \
            (number, output)


def test_a_nul_or_a_deep_line_is_rejected_with_its_place_and_the_rest_imported(
    tmp_path: Path, django_capture_on_commit_callbacks, run_command: Callable[..., str],
) -> None:  # type: ignore[no-untyped-def]
    # Issue 15 §6: a NUL was a DataError on PostgreSQL, a deep line a RecursionError.
    def record(external_id: str, text: str) -> str:
        return json.dumps({"id": external_id, "segments": [
            {"speaker": "customer", "start": 0, "end": 1, "text": text}]}, ensure_ascii=False)

    lines = [record("nul", "жду\x00ответа"), '{"id": "deep", "x": ' + "[" * 10_000
             + "]" * 10_000 + "}", record("ok", "жду \U0001742d ответа")]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        output = run_command("import_transcripts", str(path), "--create-missing")

    assert "Imported: 1, duplicates: 0, rejected: 2" in output
    assert Call.objects.get().external_id == "ok"
    reasons = dict(RejectedUpload.objects.values_list("filename", "reason"))
    assert reasons["t.jsonl:1"] == ("Нулевой символ (\\x00) в данных: поле «segments» → "
                                    "запись 1 «жду\\x00ответа» → поле «text».")
    assert "вложен слишком глубоко" in reasons["t.jsonl:2"]
