"""Calls with known skill outcomes for the cycle tests: `outcomes(operator, skill, day, shown=n,
not_shown=m)` makes analysed calls at noon Moscow time on `day` with the analyser's results."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from calls.models import Call, Operator
from coaching.models import CriterionScore, Evaluation, Skill, SkillResult
from project.roles import Role
from tests.factories import CallFactory, CriterionFactory, SkillResultFactory, UserFactory

MOSCOW = ZoneInfo("Europe/Moscow")


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MOSCOW)


def outcomes(operator: Operator, skill: Skill, day: date, *, shown: int = 0,
             not_shown: int = 0) -> list[Call]:
    calls = []
    for status, count in ((SkillResult.Status.SHOWN, shown),
                          (SkillResult.Status.NOT_SHOWN, not_shown)):
        for _ in range(count):
            call = CallFactory(operator=operator, started_at=at(day))
            SkillResultFactory(call=call, skill=skill, status=status)
            calls.append(call)
    return calls


def evaluate(call: Call, skill: Skill, answer: str, *, points: int | None = None,
             status: str = Evaluation.Status.SUBMITTED, **fields: object) -> Evaluation:
    """A human evaluation of `call` answering the skill's criterion."""
    criterion = CriterionFactory(skill=skill)
    evaluation = Evaluation.objects.create(
        call=call, scorecard=criterion.template, evaluator=UserFactory(role=Role.TRAINER),
        status=status, **fields)
    CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, answer=answer,
                                  points=points)
    return evaluation
