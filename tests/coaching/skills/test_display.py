"""The skills column of export_calls (through calls/extensions.py)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from coaching.models import Skill
from coaching.skills.analysis import calls_find_skills
from tests.factories import SkillFactory, SkillPhraseFactory, call_with_segments

pytestmark = pytest.mark.django_db


def test_export_calls_has_the_skills(tmp_path: Path, run_command: Callable[..., str]) -> None:
    SkillPhraseFactory(skill=SkillFactory(code="greeting", order=1), text="добрый день")
    SkillPhraseFactory(skill=SkillFactory(code="need_clarification", order=2),
                       text="номер заказа")
    SkillFactory(code="objection_handling", kind=Skill.Kind.OBJECTION_HANDLING, order=3)
    call = call_with_segments(("operator", "Добрый день!"), ("customer", "Заказ не пришёл."))
    unanalysed = call_with_segments(("operator", "Добрый день!"))
    calls_find_skills(call_ids=[call.pk])
    rows = {row["external_id"]: row for row in map(json.loads,
                                                   run_command("export_calls").splitlines())}
    assert rows[call.external_id]["skills"] == {
        "greeting": True, "need_clarification": False, "objection_handling": None,
    }
    assert rows[unanalysed.external_id]["skills"] == {}
    path = tmp_path / "calls.csv"
    run_command("export_calls", "--format", "csv", "-o", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["external_id"] == call.external_id)
    assert json.loads(row["skills"])["objection_handling"] is None
