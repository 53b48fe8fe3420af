"""calls/taxonomy/export.py: calls with their tags and evidence, as JSON lines or CSV
(export_calls)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from calls.models import CallTag
from calls.taxonomy import tagging
from calls.taxonomy.services import call_tag_add
from tests.factories import CallTagFactory, KeyPhraseFactory, TagFactory, call_with_segments

pytestmark = pytest.mark.django_db


def test_export_calls_jsonl_and_csv(tmp_path: Path, run_command: Callable[..., str]) -> None:
    phrase = KeyPhraseFactory(text="верните деньги", tag__code="refund")
    call = call_with_segments(("operator", "Добрый день"), ("customer", "Верните деньги!"))
    quiet = call_with_segments(("customer", "Всё хорошо"))
    tagging.calls_autotag(call_ids=[call.pk, quiet.pk])
    call_tag_add(call=quiet, tag=phrase.tag, user=None)
    learned = TagFactory(code="wait")
    CallTagFactory(call=call, tag=learned, source=CallTag.Source.MODEL, confidence=0.87)

    rows = [json.loads(line) for line in run_command("export_calls").splitlines()]
    by_id = {row["external_id"]: row for row in rows}
    assert by_id[call.external_id]["tags"] == ["refund", "wait"]
    assert by_id[call.external_id]["auto_tags"] == ["refund"]
    assert by_id[call.external_id]["manual_tags"] == []
    assert by_id[call.external_id]["model_tags"] == [{"tag": "wait", "confidence": 0.87}]
    assert by_id[call.external_id]["operator"] == call.operator.code
    assert by_id[call.external_id]["evidence"] == [
        {"tag": "refund", "segment": 1, "start": pytest.approx(5.0, abs=0.01),
         "end": pytest.approx(5.0 + 4.0 * 14 / 15, abs=0.01), "text": "Верните деньги"},
    ]
    assert by_id[quiet.external_id]["manual_tags"] == ["refund"]
    assert by_id[quiet.external_id]["auto_tags"] == []
    assert by_id[quiet.external_id]["model_tags"] == []

    path = tmp_path / "calls.csv"
    run_command("export_calls", "--format", "csv", "-o", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 2
    row = next(r for r in table if r["external_id"] == call.external_id)
    assert row["tags"] == "refund;wait"
    assert row["auto_tags"] == "refund"
    assert row["manual_tags"] == ""
    assert json.loads(row["model_tags"]) == [{"tag": "wait", "confidence": 0.87}]
    assert json.loads(row["evidence"])[0]["text"] == "Верните деньги"
    assert run_command("export_calls", "--since", "2999-01-01") == ""
