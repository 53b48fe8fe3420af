"""The human answer per call and skill: which evaluations decide and what they say."""

from __future__ import annotations

from datetime import date

import pytest

from calls.models import Operator
from coaching.evaluations.answers import (
    POINTS_SHOWN,
    agreed_moments,
    human_shown,
    skill_answers,
)
from coaching.models import CalibrationSession, Evaluation, SkillResult
from coaching.models.evaluations import Answer
from tests.coaching.cycles.conftest import evaluate, outcomes
from tests.factories import OperatorFactory, SkillFactory

DAY = date(2026, 11, 10)


def test_each_answer_says_shown_not_shown_or_left_out() -> None:
    assert human_shown(Answer.YES, None) is True
    assert human_shown(Answer.NO, None) is False
    assert human_shown(Answer.NOT_APPLICABLE, None) is None
    assert human_shown(Answer.POINTS, POINTS_SHOWN) is True
    assert human_shown(Answer.POINTS, POINTS_SHOWN - 1) is False
    assert human_shown(Answer.POINTS, None) is False


@pytest.mark.django_db
def test_only_the_latest_submitted_non_calibration_evaluation_decides() -> None:
    operator: Operator = OperatorFactory()
    skill, other = SkillFactory(), SkillFactory()
    latest, draft, calibrated, plain = outcomes(operator, skill, DAY, not_shown=4)
    evaluate(latest, skill, Answer.NO)
    evaluate(latest, skill, Answer.YES)
    evaluate(draft, skill, Answer.YES, status=Evaluation.Status.DRAFT)
    evaluate(calibrated, skill, Answer.YES, calibration=CalibrationSession.objects.create(
        name="Калибровка", scorecard=evaluate(plain, other, Answer.NO).scorecard))
    answers = skill_answers(calls=operator.calls.all())
    assert answers == {(latest.pk, skill.pk): True, (plain.pk, other.pk): False}
    assert skill_answers(calls=operator.calls.all(), skills=[skill]) == {
        (latest.pk, skill.pk): True}


@pytest.mark.django_db
def test_moments_an_evaluator_rejected_are_no_exemplars() -> None:
    operator: Operator = OperatorFactory()
    skill = SkillFactory()
    calls = outcomes(operator, skill, DAY, shown=6)
    evaluate(calls[1], skill, Answer.NO)
    evaluate(calls[2], skill, Answer.NOT_APPLICABLE)
    evaluate(calls[3], skill, Answer.YES)
    evaluate(calls[4], skill, Answer.NO, status=Evaluation.Status.DRAFT)
    results = SkillResult.objects.filter(skill=skill).order_by("call_id")
    kept = [result.call for result in agreed_moments(results, limit=3)]
    assert kept == [calls[0], calls[3], calls[4]]
    assert [r.call for r in agreed_moments(results, limit=10)] == [calls[0], *calls[3:]]
    # Reading in batches of 4 × limit still walks past the rejected ones.
    assert [r.call for r in agreed_moments(results, limit=1)] == [calls[0]]
    assert agreed_moments(results.none(), limit=3) == []
