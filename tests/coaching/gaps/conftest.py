"""A team with known gaps, shared by the gaps and trainings tests.

Team T (manager «gaps_manager»): operators a–f; team U: operator z. Skills «need» and «greeting»,
target 80. Calls five days ago, inside PERIOD (the 30 days up to today).

| operator | need: shown / applicable      | greeting: shown / applicable |
| a        | 2 / 5  (40%)                  | 3 / 5 (60%)                  |
| b        | 3 / 5  (60%)                  | 5 / 5                        |
| c        | 1 / 5  (20%)                  | 5 / 5                        |
| d        | 5 / 5, each shown at 10–14 s  | 5 / 5                        |
| e        | 5 / 5                         | 5 / 5                        |
| f        | 0 / 4: «мало данных»          | —                            |
| z (U)    | 1 / 1, shown at 3–7 s         | —                            |

need: judged 5 (f has 4 calls), affected a, b, c: pooled 6 / 15 = 40%, gap 40 points, share
0.6 → a topic. greeting: 1 of 5 below → share 0.2, not a topic at 0.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import Operator, Team
from coaching.competency.queries import Period
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

SHOWN, NOT_SHOWN = SkillResult.Status.SHOWN, SkillResult.Status.NOT_SHOWN


@dataclass
class Gaps:
    team: Team
    other_team: Team
    operators: dict[str, Operator]
    need: Skill
    greeting: Skill
    period: Period


def _results(operator: Operator, skill: Skill, shown: int, applicable: int,
             start: float | None = None) -> None:
    when = timezone.now() - timedelta(days=5)
    for index in range(applicable):
        status = SHOWN if index < shown else NOT_SHOWN
        moment = {"start": start, "end": start + 4, "text": "что для вас важно?"} if (
            start is not None and status == SHOWN) else {}
        SkillResultFactory(call=CallFactory(operator=operator, started_at=when), skill=skill,
                           status=status, **moment)


@pytest.fixture
def gaps(db: None) -> Gaps:
    today = timezone.localdate()
    team = TeamFactory(name="Продажи", manager=UserFactory(username="gaps_manager",
                                                           role=Role.MANAGER))
    other_team = TeamFactory(manager=UserFactory(username="other_manager", role=Role.MANAGER))
    operators = {code: OperatorFactory(team=team, code=code, display_name=f"Оператор {code}")
                 for code in "abcdef"}
    operators["z"] = OperatorFactory(team=other_team, code="z")
    need = SkillFactory(code="need", name="Уточнение потребности", order=1, target=80)
    greeting = SkillFactory(code="greeting", name="Приветствие", order=2, target=80)
    for code, shown, start in (("a", 2, None), ("b", 3, None), ("c", 1, None), ("d", 5, 10.0),
                               ("e", 5, None)):
        _results(operators[code], need, shown, 5, start=start)
    _results(operators["f"], need, 0, 4)
    _results(operators["z"], need, 1, 1, start=3.0)
    _results(operators["a"], greeting, 3, 5)
    for code in "bcde":
        _results(operators[code], greeting, 5, 5)
    return Gaps(team=team, other_team=other_team, operators=operators, need=need,
                greeting=greeting,
                period=Period(date_from=today - timedelta(days=29), date_to=today))
