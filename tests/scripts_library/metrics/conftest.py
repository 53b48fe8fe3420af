"""Constructed calls with known metrics, shared by the query, page and API tests.

Objections A and B of one theme; block X (of A) inserted in c1 twice and in c2, block Y (of A)
in c1 only. c5 is not analysed yet, so it counts nowhere.

| call | operator | outcome | duration | hits                       |
| c1   | op1      | sale    | 100      | A (raised again), A (2nd)  |
| c2   | op2      | no_sale | 200      | A                          |
| c3   | op2      | sale    | 300      | B                          |
| c4   | op2      | no_sale | 400      | —                          |
| c5   | op1      | sale    | 50       | A (call still transcribed) |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from calls.models import Call, Operator, Team
from project.roles import Role
from scripts_library.models import Objection, ObjectionTheme, ResponseBlock
from tests.factories import (
    CallFactory,
    LineFactory,
    ObjectionFactory,
    ObjectionHitFactory,
    ObjectionThemeFactory,
    OperatorFactory,
    ResponseBlockFactory,
    SidebarEventFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class World:
    theme: ObjectionTheme
    a: Objection
    b: Objection
    x: ResponseBlock
    y: ResponseBlock
    op1: Operator
    op2: Operator
    team2: Team
    calls: dict[str, Call]


@pytest.fixture
def world(db: None) -> World:
    theme = ObjectionThemeFactory(name="Дорого")
    a = ObjectionFactory(code="price", name="Слишком дорого", theme=theme)
    b = ObjectionFactory(code="discount", name="Хочу скидку", theme=theme)
    op1 = OperatorFactory(user=UserFactory(username="op1", role=Role.OPERATOR))
    team2 = TeamFactory(manager=UserFactory(username="boss", role=Role.MANAGER))
    op2 = OperatorFactory(team=team2)
    sales_line = LineFactory(code="sales", name="Продажи")
    at = datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
    rows = {
        "c1": (op1, Call.Outcome.SALE, 100, Call.Status.ANALYSED),
        "c2": (op2, Call.Outcome.NO_SALE, 200, Call.Status.ANALYSED),
        "c3": (op2, Call.Outcome.SALE, 300, Call.Status.ANALYSED),
        "c4": (op2, Call.Outcome.NO_SALE, 400, Call.Status.ANALYSED),
        "c5": (op1, Call.Outcome.SALE, 50, Call.Status.TRANSCRIBING),
    }
    calls = {name: CallFactory(operator=operator, outcome=outcome, duration=duration,
                               status=status, line=sales_line, started_at=at)
             for name, (operator, outcome, duration, status) in rows.items()}
    ObjectionHitFactory(call=calls["c1"], objection=a, raised_again=True, segment__start=12.5)
    ObjectionHitFactory(call=calls["c1"], objection=a, occurrence=2, segment__start=40.0)
    ObjectionHitFactory(call=calls["c2"], objection=a, segment__start=7.0)
    ObjectionHitFactory(call=calls["c3"], objection=b)
    ObjectionHitFactory(call=calls["c5"], objection=a)
    x = ResponseBlockFactory(objection=a, kind=ResponseBlock.Kind.ARGUMENT, text="Блок X")
    y = ResponseBlockFactory(objection=a, kind=ResponseBlock.Kind.ARGUMENT, text="Блок Y")
    for call, block, operator in [(calls["c1"], x, op1), (calls["c1"], x, op1),
                                  (calls["c2"], x, op2), (calls["c1"], y, op1)]:
        SidebarEventFactory(block=block, call=call, operator=operator, at=at)
    return World(theme=theme, a=a, b=b, x=x, y=y, op1=op1, op2=op2, team2=team2, calls=calls)
