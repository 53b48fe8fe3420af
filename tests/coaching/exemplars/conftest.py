"""Calls with known exemplar candidates.

Team T (manager `manager`): operator a. Team U: operator b. Skills need (order 1) and greeting
(order 2); objection price.

| call | op. | outcome    | sec | shown (start)       | submitted total | price hit       |
| c1   | a   | resolved   | 100 | need 10, greeting 1 | 2/3 → 66.7      | —               |
| c2   | a   | sale       | 50  | need 5              | 90 points → 90  | —               |
| c3   | b   | resolved   | 30  | need 3              | (draft: 100)    | answered, 4–8 s |
| c4   | b   | unresolved | 20  | need 2              | —               | answered        |
| c5   | a   | resolved   | 40  | —                   | —               | raised again    |

So best scores: c2 need, c1 need, c1 greeting (a call's moments in the skills' order); fastest:
c3, c2, c1 need, c1 greeting;
objection handled: c3 only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from calls.models import Call, Operator
from coaching.models import CriterionScore, Evaluation, Skill
from coaching.models.evaluations import Answer
from project.roles import Role
from scripts_library.models import Objection
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ObjectionFactory,
    ObjectionHitFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    SegmentFactory,
    SkillFactory,
    SkillResultFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class Library:
    trainer: User
    manager: User
    a: Operator
    b: Operator
    need: Skill
    greeting: Skill
    price: Objection
    c1: Call
    c2: Call
    c3: Call
    c4: Call
    c5: Call


def _evaluate(call: Call, evaluator: User, answers: list[tuple[int, str, int | None]],
              status: str = Evaluation.Status.SUBMITTED) -> None:
    scorecard = ScorecardTemplateFactory()
    evaluation = Evaluation.objects.create(call=call, scorecard=scorecard, evaluator=evaluator,
                                           status=status)
    for weight, answer, points in answers:
        CriterionScore.objects.create(evaluation=evaluation,
                                      criterion=CriterionFactory(template=scorecard,
                                                                 weight=weight),
                                      answer=answer, points=points)


@pytest.fixture
def library(db: None) -> Library:
    trainer = UserFactory(username="trainer", role=Role.TRAINER)
    manager = UserFactory(username="manager", role=Role.MANAGER)
    a = OperatorFactory(team=TeamFactory(manager=manager), code="a", display_name="Анна")
    b = OperatorFactory(team=TeamFactory(), code="b", display_name="Борис")
    need = SkillFactory(code="need", name="Уточнение потребности", order=1)
    greeting = SkillFactory(code="greeting", name="Приветствие", order=2)
    price = ObjectionFactory(code="price", name="Дорого")
    outcome = Call.Outcome
    c1 = CallFactory(operator=a, outcome=outcome.RESOLVED, duration=100)
    c2 = CallFactory(operator=a, outcome=outcome.SALE, duration=50)
    c3 = CallFactory(operator=b, outcome=outcome.RESOLVED, duration=30)
    c4 = CallFactory(operator=b, outcome=outcome.UNRESOLVED, duration=20)
    c5 = CallFactory(operator=a, outcome=outcome.RESOLVED, duration=40)
    SkillResultFactory(call=c1, skill=need, start=10, end=14, text="что вам нужно")
    SkillResultFactory(call=c1, skill=greeting, start=1, end=2, text="добрый день")
    SkillResultFactory(call=c2, skill=need, start=5, end=9, text="для чего вам")
    SkillResultFactory(call=c3, skill=need, start=3, end=6, text="расскажите")
    SkillResultFactory(call=c4, skill=need, start=2, end=4, text="а зачем")
    _evaluate(c1, trainer, [(2, Answer.YES, None), (1, Answer.NO, None),
                            (5, Answer.NOT_APPLICABLE, None)])
    _evaluate(c2, trainer, [(1, Answer.POINTS, 90)])
    _evaluate(c3, trainer, [(1, Answer.YES, None)], status=Evaluation.Status.DRAFT)
    segment = SegmentFactory(call=c3, index=0, speaker="customer", start=3.5, end=4,
                             text="Это дорого")
    SegmentFactory(call=c3, index=1, speaker="operator", start=4, end=8,
                   text="Понимаю, давайте посчитаем")
    ObjectionHitFactory(call=c3, objection=price, segment=segment, reply_start=4, reply_end=8,
                        reply_text="Понимаю, давайте посчитаем")
    ObjectionHitFactory(call=c4, objection=price, segment=SegmentFactory(call=c4),
                        reply_start=1, reply_end=2, reply_text="Ну…")
    ObjectionHitFactory(call=c5, objection=price, segment=SegmentFactory(call=c5),
                        reply_start=1, reply_end=2, reply_text="Ну…", raised_again=True)
    return Library(trainer=trainer, manager=manager, a=a, b=b, need=need, greeting=greeting,
                   price=price, c1=c1, c2=c2, c3=c3, c4=c4, c5=c5)


def evaluate_skill(call: Call, skill: Skill, evaluator: User, answer: str,
                   reason: str = "") -> Evaluation:
    """A submitted evaluation whose criterion on `skill` says `answer` (the deciding one)."""
    scorecard = ScorecardTemplateFactory()
    evaluation = Evaluation.objects.create(call=call, scorecard=scorecard, evaluator=evaluator,
                                           status=Evaluation.Status.SUBMITTED)
    CriterionScore.objects.create(
        evaluation=evaluation, criterion=CriterionFactory(template=scorecard, skill=skill),
        answer=answer, override_reason=reason)
    return evaluation
