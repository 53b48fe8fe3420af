"""python manage.py agreement: the Russian text table, the JSON with the coefficients' names, and
a Russian error with a non-zero exit for an unknown campaign."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.calls.taxonomy.agreement.annotations import two_trainers_world

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("agreement", *args, stdout=out)
    return out.getvalue()


def test_text_table_in_russian() -> None:
    world = two_trainers_world()
    text = _run("--campaign", "Майская")
    assert text.startswith("Согласие разметки: кампания «Майская».")
    assert "Размечено 4\u00a0звонка; 2\u00a0разметчика: anna, boris. Порог: 0,60." in text
    assert "Каппа Коэна:" in text and "подходит (два разметчика)" in text
    assert "Альфа Криппендорфа:" in text
    [delay_row] = [
        line
        for line in text.splitlines()
        if line.strip().startswith("Задержка") and "уточните описание" in line
    ]
    assert "0,00" in delay_row and "слабое" in delay_row
    assert "Задержка доставки: каппа 0,00 (слабое), расхождения в 2\u00a0звонках" in text
    assert f"звонок {world['calls'][1].pk}: anna — да; boris — нет" in text
    assert "Автоматические теги против разметки:" in text
    [auto] = [line for line in text.splitlines() if "по фразам" in line and "Задержка" in line]
    assert auto.split()[-2:] == ["50%", "100%"]


def test_json_names_the_coefficients() -> None:
    two_trainers_world()
    data = json.loads(_run("--format", "json"))  # every closed campaign
    assert data["campaign"] is None and data["calls"] == 4
    for key in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha"):
        assert key in data["overall"]
        assert all(key in row for row in data["tags"])
    assert data["overall"]["coefficient_name"] == "cohen_kappa"
    delay = next(row for row in data["tags"] if row["tag"] == "delay")
    assert delay["low"] is True and delay["band"] == "слабое"


def test_no_annotations_says_so() -> None:
    assert "Размеченных звонков нет." in _run()


def test_unknown_campaign_is_a_russian_error_and_a_failure() -> None:
    with pytest.raises(CommandError, match="Кампании «Нет такой» нет."):
        _run("--campaign", "Нет такой")
