"""Start, score, comment and submit an evaluation; calibration sessions and their agreement.

Criteria tied to a skill start from what the analyser found in the call (shown → да, not shown
→ нет, not applicable → неприменимо), marked auto; changing such an answer needs a reason and
keeps who changed it and what the analyser said.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import Call
from coaching.models import (
    CalibrationSession,
    CriterionScore,
    Evaluation,
    EvaluationComment,
    ScorecardTemplate,
    SkillResult,
)
from coaching.models.evaluations import Answer
from project.errors import DomainError

_FROM_SKILL = {
    SkillResult.Status.SHOWN: Answer.YES,
    SkillResult.Status.NOT_SHOWN: Answer.NO,
    SkillResult.Status.NOT_APPLICABLE: Answer.NOT_APPLICABLE,
}


@transaction.atomic
def evaluation_start(*, call: Call, scorecard: ScorecardTemplate, evaluator: User,
                     calibration: CalibrationSession | None = None) -> Evaluation:
    if calibration is not None:
        existing = Evaluation.objects.filter(calibration=calibration, call=call,
                                             evaluator=evaluator).first()
        if existing is not None:
            return existing
    evaluation = Evaluation.objects.create(call=call, scorecard=scorecard, evaluator=evaluator,
                                           calibration=calibration)
    found = dict(SkillResult.objects.filter(call=call).values_list("skill_id", "status"))
    for criterion in scorecard.criteria.all():
        answer = ""
        if criterion.skill_id is not None and criterion.skill_id in found:
            answer = _FROM_SKILL[SkillResult.Status(found[criterion.skill_id])]
        CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, answer=answer,
                                      auto=bool(answer), auto_answer=answer)
    return evaluation


def _editable(evaluation: Evaluation, user: User) -> None:
    if evaluation.status != Evaluation.Status.DRAFT:
        raise DomainError(_("Оценка уже отправлена, её не изменить."), code="submitted")
    if evaluation.evaluator_id != user.pk:
        raise DomainError(_("Изменять оценку может только её автор."), code="not_author")


def score_set(*, score: CriterionScore, answer: str, points: int | None = None,
              user: User, reason: str = "") -> CriterionScore:
    _editable(score.evaluation, user)
    if answer not in Answer.values:
        raise DomainError(_("Неизвестный ответ: %(answer)s.") % {"answer": answer})
    if answer == Answer.POINTS:
        if points is None or not 0 <= points <= 100:
            raise DomainError(_("Баллы — число от 0 до 100."), code="points")
    else:
        points = None
    reason = reason.strip()
    if score.auto_answer and answer != score.auto_answer:
        if not reason:
            raise DomainError(_("Укажите, почему вы меняете автоматическую оценку."),
                              code="reason_required")
        score.overridden_by_id = user.pk
        score.override_reason = reason
        score.auto = False
    elif score.auto_answer and answer == score.auto_answer:
        # Back to what the analyser said: no override to keep.
        score.overridden_by_id = None
        score.override_reason = ""
        score.auto = True
    score.answer = answer
    score.points = points
    score.save()
    return score


def comment_add(*, evaluation: Evaluation, author: User, text: str,
                at: float | None = None, criterion_id: int | None = None) -> EvaluationComment:
    _editable(evaluation, author)
    text = text.strip()
    if not text:
        raise DomainError(_("Комментарий пуст."), code="empty")
    if at is not None and (at < 0 or (evaluation.call.duration > 0
                                      and at > evaluation.call.duration + 1)):
        raise DomainError(_("Момент вне звонка."), code="at")
    if criterion_id is not None and not evaluation.scorecard.criteria.filter(
            pk=criterion_id).exists():
        raise DomainError(_("Такого критерия нет в оценочном листе."), code="criterion")
    return EvaluationComment.objects.create(evaluation=evaluation, author=author, text=text,
                                            at=at, criterion_id=criterion_id)


def evaluation_submit(*, evaluation: Evaluation, user: User) -> Evaluation:
    _editable(evaluation, user)
    missing = [score.criterion.name for score in
               evaluation.scores.select_related("criterion") if not score.answer]
    if missing:
        raise DomainError(_("Не оценены критерии: %(names)s.") % {"names": ", ".join(missing)},
                          code="incomplete")
    evaluation.status = Evaluation.Status.SUBMITTED
    evaluation.save(update_fields=["status", "updated_at"])
    return evaluation


@transaction.atomic
def calibration_create(*, name: str, scorecard: ScorecardTemplate, calls: Iterable[Call],
                       evaluators: Iterable[User],
                       created_by: User) -> CalibrationSession:
    calls, evaluators = list(calls), list(evaluators)
    if not name.strip():
        raise DomainError(_("Укажите название калибровки."), code="name")
    if not calls:
        raise DomainError(_("Выберите хотя бы один звонок."), code="calls")
    if len(evaluators) < 2:
        raise DomainError(_("Для калибровки нужны хотя бы два оценщика."), code="evaluators")
    session = CalibrationSession.objects.create(name=name.strip(), scorecard=scorecard,
                                                created_by=created_by)
    session.calls.set(calls)
    session.evaluators.set(evaluators)
    return session


def calibration_close(*, session: CalibrationSession) -> CalibrationSession:
    session.status = CalibrationSession.Status.CLOSED
    session.save(update_fields=["status"])
    return session


def evaluations_visible_in_calibration(*, session: CalibrationSession,
                                       user: User) -> list[Evaluation]:
    """Blind scoring: while the session is open an evaluator sees only their own scores."""
    evaluations = session.evaluations.select_related("call", "evaluator")
    if session.status == CalibrationSession.Status.OPEN:
        evaluations = evaluations.filter(evaluator_id=user.pk)
    return list(evaluations)
