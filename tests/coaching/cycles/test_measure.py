"""The per-call outcome behind a cycle's numbers: the human answer wins, then the analyser."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from calls.models import Call
from coaching.cycles.measure import AFTER_DAYS_MAX, Source, measure, window_after
from coaching.models import CalibrationSession, Evaluation, SkillResult
from coaching.models.evaluations import Answer
from tests.coaching.cycles.conftest import at, evaluate, outcomes
from tests.factories import (
    CallFactory,
    CoachingCycleFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    SkillFactory,
    SkillResultFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 10, 15)


def _measure(operator, skill, date_from=DAY, date_to=DAY):  # type: ignore[no-untyped-def]
    return measure(operator=operator, skill=skill, date_from=date_from, date_to=date_to)


def test_the_analysers_shown_and_not_shown_count_and_the_rest_is_left_out() -> None:
    operator, skill = OperatorFactory(), SkillFactory()
    outcomes(operator, skill, DAY, shown=3, not_shown=2)
    SkillResultFactory(call=CallFactory(operator=operator, started_at=at(DAY)), skill=skill,
                       status=SkillResult.Status.NOT_APPLICABLE)
    CallFactory(operator=operator, started_at=at(DAY))  # no result for the skill
    SkillResultFactory(call=CallFactory(operator=operator, started_at=at(DAY),
                                        status=Call.Status.TRANSCRIBED), skill=skill)
    outcomes(OperatorFactory(), skill, DAY, shown=4)  # a colleague's
    outcomes(operator, SkillFactory(), DAY, shown=4)  # another skill
    sample = _measure(operator, skill)
    assert (sample.shown, sample.calls) == (3, 5)
    assert {o.source for o in sample.outcomes} == {Source.ANALYSER}


def test_a_submitted_evaluation_overrides_the_analyser() -> None:
    operator, skill = OperatorFactory(), SkillFactory()
    said_yes, said_no, said_na = outcomes(operator, skill, DAY, shown=3)
    (draft,) = outcomes(operator, skill, DAY, not_shown=1)
    evaluate(said_no, skill, Answer.NO)
    evaluate(said_na, skill, Answer.NOT_APPLICABLE)
    evaluate(draft, skill, Answer.YES, status=Evaluation.Status.DRAFT)  # not submitted: ignored
    sample = _measure(operator, skill)
    by_call = {o.call_id: o for o in sample.outcomes}
    assert set(by_call) == {said_yes.pk, said_no.pk, draft.pk}
    assert by_call[said_no.pk].shown is False
    assert by_call[said_no.pk].source == Source.EVALUATION
    assert (by_call[said_yes.pk].shown, by_call[said_yes.pk].source) == (True, Source.ANALYSER)
    assert by_call[draft.pk].shown is False


def test_points_from_fifty_count_as_shown_and_the_latest_evaluation_wins() -> None:
    operator, skill = OperatorFactory(), SkillFactory()
    half, below, twice = outcomes(operator, skill, DAY, not_shown=3)
    evaluate(half, skill, Answer.POINTS, points=50)
    evaluate(below, skill, Answer.POINTS, points=49)
    evaluate(twice, skill, Answer.YES)
    evaluate(twice, skill, Answer.NO)
    shown = {o.call_id: o.shown for o in _measure(operator, skill).outcomes}
    assert shown == {half.pk: True, below.pk: False, twice.pk: False}


def test_a_calibration_evaluation_does_not_judge_the_operator() -> None:
    operator, skill = OperatorFactory(), SkillFactory()
    (call,) = outcomes(operator, skill, DAY, shown=1)
    session = CalibrationSession.objects.create(
        name="Калибровка", scorecard=ScorecardTemplateFactory(),
        created_by=UserFactory())
    evaluate(call, skill, Answer.NO, calibration=session)
    assert [o.shown for o in _measure(operator, skill).outcomes] == [True]


def test_days_are_moscow_dates_of_the_call_start() -> None:
    operator, skill = OperatorFactory(), SkillFactory()
    late = CallFactory(operator=operator, started_at=at(DAY, 23, 30))  # 20:30 UTC
    next_day = CallFactory(operator=operator, started_at=at(DAY + timedelta(days=1), 0, 30))
    for call in (late, next_day):
        SkillResultFactory(call=call, skill=skill)
    assert [o.call_id for o in _measure(operator, skill).outcomes] == [late.pk]


def test_the_after_window_starts_the_day_after_training_and_is_capped() -> None:
    trained = date(2026, 11, 1)
    cycle = CoachingCycleFactory(trained_on=trained, control_due=trained + timedelta(days=14))
    assert window_after(cycle, on=date(2026, 11, 15)) == (date(2026, 11, 2), date(2026, 11, 15))
    assert window_after(cycle, on=date(2026, 12, 31)) == (
        date(2026, 11, 2), trained + timedelta(days=AFTER_DAYS_MAX))
    assert window_after(CoachingCycleFactory(), on=date(2026, 11, 15)) is None
