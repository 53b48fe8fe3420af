"""Operators with known tenure and skill results, November 2026 (period end 2026-11-30).

Team T (manager `manager`): n1 hired 2026-09-01 and n2 hired 2026-06-15 (new under 6 months),
e1 hired 2024-01-10 (experienced), u without a hiring date. Team U: e2 hired 2020-01-01.

| operator | need: shown / not shown | greeting: shown / not shown |
| n1       | 1 / 4                   | 2 / 0                       |
| n2       | 1 / 4                   | 1 / 1                       |
| e1       | 8 / 2                   | 1 / 3                       |
| u        | 5 / 0                   | —                           |
| e2       | 0 / 10                  | —                           |

So for team T, need: new 2/10 = 20%, experienced 8/10 = 80%, a 60 pp gap, p ≈ 0.007, flagged;
greeting: new 75% of 4, experienced 25% of 4: too few calls to call it. With team U too,
need's experienced side is 8/20 = 40%: a 20 pp gap, p ≈ 0.27, not flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User

from calls.models import Operator, Team
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
NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


@dataclass
class Staff:
    manager: User
    trainer: User
    team: Team
    other_team: Team
    n1: Operator
    n2: Operator
    e1: Operator
    u: Operator
    e2: Operator
    need: Skill
    greeting: Skill


def _results(operator: Operator, skill: Skill, shown: int, not_shown: int) -> None:
    for status, count in ((SkillResult.Status.SHOWN, shown),
                          (SkillResult.Status.NOT_SHOWN, not_shown)):
        for _ in range(count):
            SkillResultFactory(call=CallFactory(operator=operator, started_at=IN_PERIOD),
                               skill=skill, status=status, start=2.0)


@pytest.fixture
def staff(db: None) -> Staff:
    manager = UserFactory(username="manager", role=Role.MANAGER)
    trainer = UserFactory(username="trainer", role=Role.TRAINER)
    team = TeamFactory(manager=manager)
    other_team = TeamFactory(manager=UserFactory(username="other", role=Role.MANAGER))
    n1 = OperatorFactory(team=team, code="n1", hired_on=date(2026, 9, 1))
    n2 = OperatorFactory(team=team, code="n2", hired_on=date(2026, 6, 15))
    e1 = OperatorFactory(team=team, code="e1", hired_on=date(2024, 1, 10))
    u = OperatorFactory(team=team, code="u", display_name="Без даты", hired_on=None)
    e2 = OperatorFactory(team=other_team, code="e2", hired_on=date(2020, 1, 1))
    need = SkillFactory(code="need", name="Уточнение потребности", order=1)
    greeting = SkillFactory(code="greeting", name="Приветствие", order=2)
    _results(n1, need, 1, 4)
    _results(n2, need, 1, 4)
    _results(e1, need, 8, 2)
    _results(u, need, 5, 0)
    _results(e2, need, 0, 10)
    _results(n1, greeting, 2, 0)
    _results(n2, greeting, 1, 1)
    _results(e1, greeting, 1, 3)
    return Staff(manager=manager, trainer=trainer, team=team, other_team=other_team, n1=n1,
                 n2=n2, e1=e1, u=u, e2=e2, need=need, greeting=greeting)
