"""First-contact resolution per operator, tag, team and line on a hand-computed history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calls.contacts.links import contacts_link_all
from calls.contacts.queries import fcr_by, resolution_by
from calls.models import Call, CallResolution
from tests.factories import CallFactory, CallTagFactory, LineFactory, OperatorFactory, TagFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)
NOW = T0 + timedelta(days=30)


@pytest.fixture
def history() -> dict[str, object]:
    """A (operator A) answers a1, a3, a5, a6, a8; B answers the repeats a2, a4 and the transfer a7.

    a1 [X] → a2 [X] two days later (back about the same tag); a3 [X, Y] → a4 [Z] a day later
    (back about something else); a5 [Y] never back; a6 → a7 five minutes later (a transfer,
    left out); a8 two days before now (its window is open, left out).
    """
    x, y, z = TagFactory(code="x", name="X"), TagFactory(code="y", name="Y"), TagFactory(
        code="z", name="Z")
    a, b = OperatorFactory(display_name="A"), OperatorFactory(display_name="B")
    line = LineFactory(code="support")

    def call(name: str, key: str, at: datetime, operator: object, *tags: object) -> Call:
        made = CallFactory(external_id=name, customer_key=key, started_at=at, operator=operator,
                           line=line, duration=60)
        for tag in tags:
            CallTagFactory(call=made, tag=tag)
        return made

    calls = {
        "a1": call("a1", "k1", T0, a, x), "a2": call("a2", "k1", T0 + timedelta(days=2), b, x),
        "a3": call("a3", "k2", T0, a, x, y), "a4": call("a4", "k2", T0 + timedelta(days=1), b, z),
        "a5": call("a5", "k3", T0, a, y), "a6": call("a6", "k4", T0, a),
        "a7": call("a7", "k4", T0 + timedelta(minutes=5), b),
        "a8": call("a8", "k5", NOW - timedelta(days=2), a, x),
    }
    contacts_link_all()
    return {"a": a, "b": b, "calls": calls}


def test_fcr_by_operator(history: dict[str, object]) -> None:
    rows = {row.group.label: row for row in fcr_by(calls=Call.objects.all(), by="operator",
                                                   now=NOW)}
    assert (rows["A"].measured, rows["A"].came_back, rows["A"].came_back_same_tag) == (4, 2, 1)
    assert rows["A"].fcr == pytest.approx(0.5)
    assert rows["A"].fcr_same_tag == pytest.approx(0.75)
    assert (rows["B"].measured, rows["B"].came_back, rows["B"].fcr) == (2, 0, 1.0)
    assert rows["A"].group.params == {"operator": str(history["a"].pk)}  # type: ignore[attr-defined]


def test_fcr_by_tag(history: dict[str, object]) -> None:
    rows = {row.group.label: row for row in fcr_by(calls=Call.objects.all(), by="tag", now=NOW)}
    assert (rows["X"].measured, rows["X"].came_back, rows["X"].came_back_same_tag) == (3, 2, 1)
    assert (rows["Y"].measured, rows["Y"].came_back, rows["Y"].came_back_same_tag) == (2, 1, 0)
    assert (rows["Z"].measured, rows["Z"].came_back) == (1, 0)
    assert rows["X"].group.params == {"tag": "x"}


def test_fcr_by_team_and_line(history: dict[str, object]) -> None:
    lines = fcr_by(calls=Call.objects.all(), by="line", now=NOW)
    assert [(row.group.params, row.measured, row.came_back) for row in lines] == [
        ({"line": "support"}, 6, 2)
    ]
    teams = fcr_by(calls=Call.objects.all(), by="team", now=NOW)
    assert sorted(row.measured for row in teams) == [2, 4]


def test_fcr_counts_only_the_calls_given(history: dict[str, object]) -> None:
    rows = fcr_by(calls=Call.objects.filter(operator=history["a"]), by="operator", now=NOW)
    assert [row.group.label for row in rows] == ["A"]


def test_resolution_by_operator_beside_handling_time(history: dict[str, object]) -> None:
    calls = history["calls"]
    assert isinstance(calls, dict)
    for name, resolved_at in (("a1", 30.0), ("a3", 50.0), ("a5", None), ("a2", 20.0)):
        CallResolution.objects.create(call=calls[name], analysed_at=NOW,
                                      resolved=resolved_at is not None, resolved_at=resolved_at)
    rows = {row.group.label: row for row in resolution_by(calls=Call.objects.all(),
                                                          by="operator", now=NOW)}
    assert (rows["A"].calls, rows["A"].resolved) == (3, 2)
    assert rows["A"].resolution_seconds == pytest.approx(40.0)
    assert rows["A"].handling_seconds == pytest.approx(60.0)
    assert rows["A"].resolved_share == pytest.approx(2 / 3)
    tags = {row.group.label: row for row in resolution_by(calls=Call.objects.all(), by="tag",
                                                          now=NOW)}
    assert (tags["X"].calls, tags["X"].resolved) == (3, 3)
    assert tags["X"].resolution_seconds == pytest.approx(100 / 3)
