"""The objections on the call page and in export_calls (through calls/extensions.py)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse

from calls.models import Operator
from scripts_library.objections.analysis import calls_find_objections
from tests.factories import (
    ObjectionFactory,
    ObjectionPhraseFactory,
    call_with_segments,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def price() -> object:
    objection = ObjectionFactory(code="price", name="Дорого", theme__name="Цена")
    ObjectionPhraseFactory(objection=objection, text="слишком дорого")
    return objection


def _call(operator: Operator) -> object:
    call = call_with_segments(
        ("customer", "Слишком дорого."), ("operator", "Зато гарантия."),
        ("customer", "Всё равно слишком дорого."), operator=operator,
    )
    calls_find_objections(call_ids=[call.pk])
    return call


def test_export_calls_has_objections_and_their_evidence(
    price: object, operator: Operator, tmp_path: Path, run_command: Callable[..., str],
) -> None:
    call = _call(operator)
    quiet = call_with_segments(("customer", "Здравствуйте"))
    rows = {row["external_id"]: row for row in map(json.loads,
                                                   run_command("export_calls").splitlines())}
    assert rows[call.external_id]["objections"] == ["price"]
    assert rows[quiet.external_id]["objections"] == []
    evidence = rows[call.external_id]["objection_evidence"]
    assert [(e["objection"], e["segment"], e["text"], e["occurrence"], e["raised_again"])
            for e in evidence] == [("price", 0, "Слишком дорого", 1, True),
                                   ("price", 2, "слишком дорого", 2, False)]
    assert evidence[0]["reply"] == "Зато гарантия." and evidence[0]["start"] == 0.0
    path = tmp_path / "calls.csv"
    run_command("export_calls", "--format", "csv", "-o", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["external_id"] == call.external_id)
    assert row["objections"] == "price"
    assert json.loads(row["objection_evidence"])[1]["occurrence"] == 2


def test_call_page_shows_objection_chips_that_seek_the_player(
    price: object, operator: Operator, other_operator: Operator,
) -> None:
    call = _call(operator)
    url = reverse("calls:detail", args=[call.pk])
    html = client_for(operator.user).get(url).content.decode()
    assert "data-call-objections" in html and 'data-objection="price"' in html
    assert 'class="evidence-chip"' in html and 'data-start="10.0"' in html
    assert "клиент возвращался к нему" in html and "Ответ оператора: Зато гарантия." in html
    assert "2-й раз" in html
    # An operator sees only their own calls: someone else's call is a 404, panel and all.
    assert client_for(other_operator.user).get(url).status_code == 404


def test_call_page_without_objections(price: object, operator: Operator) -> None:
    call = call_with_segments(("customer", "Здравствуйте"), operator=operator)
    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "Возражений не найдено." in html
