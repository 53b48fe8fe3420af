import pytest

from coaching.evaluations import services
from coaching.models import CalibrationSession, Evaluation
from coaching.models.evaluations import Answer
from project.errors import DomainError
from project.roles import Role
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ScorecardTemplateFactory,
    SkillFactory,
    SkillResultFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _scorecard_with_skills():
    scorecard = ScorecardTemplateFactory()
    shown, skipped, absent = SkillFactory(), SkillFactory(), SkillFactory()
    call = CallFactory(duration=120)
    SkillResultFactory(call=call, skill=shown, status="shown")
    SkillResultFactory(call=call, skill=skipped, status="not_shown")
    SkillResultFactory(call=call, skill=absent, status="not_applicable")
    for order, skill in enumerate((shown, skipped, absent, None)):
        CriterionFactory(template=scorecard, skill=skill, order=order)
    return scorecard, call


def test_start_prefills_skill_criteria_from_the_analyser_marked_auto() -> None:
    scorecard, call = _scorecard_with_skills()
    evaluation = services.evaluation_start(call=call, scorecard=scorecard,
                                           evaluator=UserFactory(role=Role.TRAINER))
    scores = list(evaluation.scores.all())
    assert [s.answer for s in scores] == ["yes", "no", "na", ""]
    assert [s.auto for s in scores] == [True, True, True, False]


def test_overriding_an_auto_answer_needs_a_reason_and_keeps_who_and_what() -> None:
    scorecard, call = _scorecard_with_skills()
    trainer = UserFactory(role=Role.TRAINER)
    evaluation = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    score = evaluation.scores.first()
    with pytest.raises(DomainError):
        services.score_set(score=score, answer=Answer.NO, user=trainer)
    services.score_set(score=score, answer=Answer.NO, user=trainer, reason="Поздоровался невнятно")
    score.refresh_from_db()
    assert (score.answer, score.auto, score.auto_answer) == ("no", False, "yes")
    assert score.overridden_by == trainer
    assert score.override_reason == "Поздоровался невнятно"


def test_points_and_submit() -> None:
    scorecard, call = _scorecard_with_skills()
    trainer = UserFactory(role=Role.TRAINER)
    evaluation = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    free = evaluation.scores.get(criterion__skill__isnull=True)
    with pytest.raises(DomainError):
        services.evaluation_submit(evaluation=evaluation, user=trainer)
    with pytest.raises(DomainError):
        services.score_set(score=free, answer=Answer.POINTS, points=150, user=trainer)
    services.score_set(score=free, answer=Answer.POINTS, points=80, user=trainer)
    services.evaluation_submit(evaluation=evaluation, user=trainer)
    assert evaluation.status == Evaluation.Status.SUBMITTED
    with pytest.raises(DomainError):
        services.score_set(score=free, answer=Answer.YES, user=trainer)


def test_comment_is_pinned_to_a_moment_of_the_call() -> None:
    scorecard, call = _scorecard_with_skills()
    trainer = UserFactory(role=Role.TRAINER)
    evaluation = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    criterion = scorecard.criteria.first()
    comment = services.comment_add(evaluation=evaluation, author=trainer, text=" Перебил клиента ",
                                   at=42.5, criterion_id=criterion.pk)
    assert (comment.at, comment.text, comment.criterion) == (42.5, "Перебил клиента", criterion)
    with pytest.raises(DomainError):
        services.comment_add(evaluation=evaluation, author=trainer, text="x", at=500)
    with pytest.raises(DomainError):
        services.comment_add(evaluation=evaluation, author=UserFactory(role=Role.TRAINER),
                             text="чужой", at=1)


def test_calibration_is_blind_until_closed() -> None:
    scorecard, call = _scorecard_with_skills()
    first, second = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    session = services.calibration_create(name="Ноябрь", scorecard=scorecard, calls=[call],
                                          evaluators=[first, second], created_by=first)
    mine = services.evaluation_start(call=call, scorecard=scorecard, evaluator=first,
                                     calibration=session)
    theirs = services.evaluation_start(call=call, scorecard=scorecard, evaluator=second,
                                       calibration=session)
    assert services.evaluation_start(call=call, scorecard=scorecard, evaluator=first,
                                     calibration=session) == mine
    assert services.evaluations_visible_in_calibration(session=session, user=first) == [mine]
    services.calibration_close(session=session)
    assert session.status == CalibrationSession.Status.CLOSED
    assert set(services.evaluations_visible_in_calibration(session=session, user=first)) == {
        mine, theirs}


def test_calibration_needs_two_evaluators() -> None:
    scorecard, call = _scorecard_with_skills()
    trainer = UserFactory(role=Role.TRAINER)
    with pytest.raises(DomainError):
        services.calibration_create(name="x", scorecard=scorecard, calls=[call],
                                    evaluators=[trainer], created_by=trainer)
