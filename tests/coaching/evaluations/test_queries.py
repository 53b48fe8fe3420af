"""Which evaluations a person sees (coaching/evaluations/queries.py)."""

from __future__ import annotations

import pytest

from coaching.evaluations import services
from coaching.evaluations.queries import visible_evaluations
from coaching.models import CalibrationSession
from project.roles import Role
from tests.factories import (
    CallFactory,
    CriterionFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_roles_see_their_calls_submitted_evaluations_and_calibrations_stay_blind() -> None:
    manager, trainer, other = (UserFactory(role=Role.MANAGER), UserFactory(role=Role.TRAINER),
                               UserFactory(role=Role.TRAINER))
    mine = OperatorFactory(team=TeamFactory(manager=manager))
    scorecard = ScorecardTemplateFactory()
    CriterionFactory(template=scorecard)
    team_call, foreign_call = CallFactory(operator=mine), CallFactory()
    submitted = services.evaluation_start(call=team_call, scorecard=scorecard, evaluator=trainer)
    services.score_set(score=submitted.scores.get(), answer="yes", user=trainer)
    services.evaluation_submit(evaluation=submitted, user=trainer)
    draft = services.evaluation_start(call=team_call, scorecard=scorecard, evaluator=trainer)
    foreign = services.evaluation_start(call=foreign_call, scorecard=scorecard, evaluator=trainer)
    session = services.calibration_create(name="Слепая", scorecard=scorecard,
                                          calls=[foreign_call], evaluators=[trainer, other],
                                          created_by=trainer)
    blind = services.evaluation_start(call=foreign_call, scorecard=scorecard, evaluator=other,
                                      calibration=session)

    assert set(visible_evaluations(mine.user)) == {submitted}
    assert set(visible_evaluations(manager)) == {submitted}
    assert set(visible_evaluations(trainer)) == {submitted, draft, foreign}
    assert blind in visible_evaluations(other)
    services.calibration_close(session=session)
    assert session.status == CalibrationSession.Status.CLOSED
    assert blind in visible_evaluations(trainer)
