"""The evaluation total's rule, with known answers."""

from __future__ import annotations

import pytest

from calls.models import Call
from coaching.evaluations.totals import (
    answer_value,
    call_totals,
    evaluation_total,
    weighted_total,
)
from coaching.models import CriterionScore, Evaluation
from coaching.models.evaluations import Answer
from project.roles import Role
from tests.factories import CallFactory, CriterionFactory, ScorecardTemplateFactory, UserFactory


def _evaluate(call: Call, *answers: tuple[str, int, int | None],
              status: str = Evaluation.Status.SUBMITTED) -> Evaluation:
    """answers: (answer, weight, points) per criterion."""
    scorecard = ScorecardTemplateFactory()
    evaluation = Evaluation.objects.create(call=call, scorecard=scorecard, status=status,
                                           evaluator=UserFactory(role=Role.TRAINER))
    for answer, weight, points in answers:
        CriterionScore.objects.create(
            evaluation=evaluation, answer=answer, points=points,
            criterion=CriterionFactory(template=scorecard, weight=weight))
    return evaluation


@pytest.mark.parametrize(("answer", "points", "value"), [
    (Answer.YES, None, 1.0), (Answer.NO, None, 0.0), (Answer.POINTS, 70, 0.7),
    (Answer.NOT_APPLICABLE, None, None), ("", None, None),
])
def test_answer_value(answer: str, points: int | None, value: float | None) -> None:
    assert answer_value(answer, points) == value


def test_weighted_total_leaves_out_not_applicable_and_unanswered() -> None:
    # yes ×2, 70 points ×1, no ×1: (2 + 0.7) / 4 = 67.5; the «неприменимо» ×5 and blank ×3 do not
    # count at all.
    rows = [(Answer.YES, None, 2), (Answer.POINTS, 70, 1), (Answer.NO, None, 1),
            (Answer.NOT_APPLICABLE, None, 5), ("", None, 3)]
    assert weighted_total(rows) == pytest.approx(67.5)
    assert weighted_total([(Answer.NOT_APPLICABLE, None, 1)]) is None
    assert weighted_total([]) is None


def test_evaluation_total_and_call_totals_agree(db: None) -> None:
    call, other, blank = CallFactory(), CallFactory(), CallFactory()
    first = _evaluate(call, (Answer.YES, 2, None), (Answer.POINTS, 1, 70),
                      (Answer.NOT_APPLICABLE, 5, None))
    _evaluate(call, (Answer.NO, 1, None))
    _evaluate(other, (Answer.NO, 3, None), (Answer.YES, 1, None))
    _evaluate(blank, (Answer.NOT_APPLICABLE, 1, None))
    scores = CriterionScore.objects.filter(evaluation=first).select_related("criterion")
    assert evaluation_total(scores) == pytest.approx(90)
    # Pooled over the call's evaluations: (2 + 0.7 + 0) / 4; a call with nothing answered is
    # left out.
    totals = call_totals(Evaluation.objects.all())
    assert totals == {call.pk: pytest.approx(67.5), other.pk: pytest.approx(25)}
