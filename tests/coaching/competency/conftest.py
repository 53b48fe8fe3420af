"""Constructed skill results with known competency numbers, shared by the query and API tests.

Team T: operators a, b, c; team U: operator d. Skills need (order 1), greeting (order 2) and an
inactive one. Calls on 2026-11-10 unless said.

| operator | need: shown / not shown / n.a.                 | greeting |
| a        | 3 / 2 / 1 (+1 not shown on 2026-10-01, +1 not   | —        |
|          | shown in a call not analysed yet)               |          |
| b        | 1 / 1 / 0                                       | 1 shown  |
| c        | 2 / 0 / 0                                       | —        |
| d        | 0 / 4 / 0                                       | —        |

So for a, need: score 60, 5 calls, skipped 0.4, Wilson(3, 5) = 23.07–88.24, team median of
(60, 50, 100) = 60; greeting: no calls, team median 100 (b's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from calls.models import Call, Operator, Team
from coaching.models import Skill, SkillResult
from project.roles import Role
from tests.factories import (
    CallFactory,
    OperatorFactory,
    SkillFactory,
    SkillResultFactory,
    TeamFactory,
    UserFactory,
)

IN_PERIOD = datetime(2026, 11, 10, 12, tzinfo=UTC)
BEFORE = datetime(2026, 10, 1, 12, tzinfo=UTC)


@dataclass
class Competency:
    team: Team
    other_team: Team
    a: Operator
    b: Operator
    c: Operator
    d: Operator
    need: Skill
    greeting: Skill
    inactive: Skill


def _results(operator: Operator, skill: Skill, result: str, count: int,
             started_at: datetime = IN_PERIOD, **call: object) -> None:
    for _ in range(count):
        SkillResultFactory(call=CallFactory(operator=operator, started_at=started_at, **call),
                           skill=skill, status=result)


@pytest.fixture
def competency(db: None) -> Competency:
    manager = UserFactory(username="manager", role=Role.MANAGER)
    team = TeamFactory(manager=manager)
    other_team = TeamFactory(manager=UserFactory(username="other_manager", role=Role.MANAGER))
    a, b, c = (OperatorFactory(team=team, code=code) for code in ("a", "b", "c"))
    d = OperatorFactory(team=other_team, code="d")
    need = SkillFactory(code="need", name="Уточнение потребности", order=1)
    greeting = SkillFactory(code="greeting", name="Приветствие", order=2)
    inactive = SkillFactory(code="old", name="Старый", order=3, active=False)
    shown, not_shown = SkillResult.Status.SHOWN, SkillResult.Status.NOT_SHOWN
    _results(a, need, shown, 3)
    _results(a, need, not_shown, 2)
    _results(a, need, SkillResult.Status.NOT_APPLICABLE, 1)
    _results(a, need, not_shown, 1, started_at=BEFORE)
    _results(a, need, not_shown, 1, status=Call.Status.TRANSCRIBED)
    _results(a, inactive, shown, 2)
    _results(b, need, shown, 1)
    _results(b, need, not_shown, 1)
    _results(b, greeting, shown, 1)
    _results(c, need, shown, 2)
    _results(d, need, not_shown, 4)
    return Competency(team=team, other_team=other_team, a=a, b=b, c=c, d=d, need=need,
                      greeting=greeting, inactive=inactive)
