"""What coaching adds to the call page through calls/extensions.py: the «Оценить звонок» button
for those who evaluate, and a card of the call's scorecard results — the `skills` analyser's
verdict per skill with its evidence, and the evaluations of the call per criterion.

Who sees what follows the evaluation pages: the page has checked the call is visible (an
operator: own; a manager: their teams'); skill results are read by every role that has them,
evaluations as `visible_evaluations` (coaching/evaluations/queries.py) allows (an operator and a
manager: the submitted ones outside calibrations; evaluators: all but others' in an open
calibration).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from calls.extensions import ActionLink, CallAction, CallPanel
from calls.models import Call
from coaching.evaluations.queries import visible_evaluations
from coaching.evaluations.totals import evaluation_total
from coaching.models import CriterionScore, SkillResult
from coaching.models.evaluations import Answer


def evaluate_link(call: Call, request: HttpRequest) -> ActionLink | None:
    """«Оценить звонок» for whoever may evaluate (trainers, admins), never an operator."""
    if not request.user.has_perm("coaching.add_evaluation"):
        return None
    return ActionLink(url=f"{reverse('coaching:evaluation-start')}?call={call.pk}",
                      label=_("Оценить звонок"))


CALL_ACTION = CallAction(name="evaluate", link=evaluate_link)


@dataclass(frozen=True)
class Moment:
    """Where a skill was heard: an evidence chip that seeks the player."""

    start: float
    end: float | None
    segment_index: int
    text: str
    # What the moment is evidence of, so «Добавить в образцовые» files it under the skill.
    skill_id: int


@dataclass(frozen=True)
class SkillRow:
    name: str
    description: str
    status: str
    status_label: str
    moment: Moment | None


@dataclass(frozen=True)
class CriterionRow:
    name: str
    weight: int
    value: str
    auto: bool
    auto_value: str
    overridden_by: str | None
    override_reason: str
    moment: Moment | None


@dataclass
class EvaluationCard:
    pk: int
    scorecard: str
    evaluator: str
    status: str
    status_label: str
    in_calibration: bool
    total: float | None
    criteria: list[CriterionRow] = field(default_factory=list)


def _moment(result: SkillResult | None) -> Moment | None:
    if result is None or result.segment is None or result.start is None:
        return None
    return Moment(start=result.start, end=result.end, segment_index=result.segment.index,
                  text=result.text, skill_id=result.skill_id)


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def call_scorecard_context(call: Call, request: HttpRequest) -> dict[str, Any]:
    user = request.user
    results: list[SkillResult] = []
    if user.has_perm("coaching.view_skillresult"):
        results = list(SkillResult.objects.filter(call=call)
                       .select_related("skill", "segment").order_by("skill__order", "skill__name"))
    by_skill = {result.skill_id: result for result in results}
    cards: list[EvaluationCard] = []
    if user.has_perm("coaching.view_evaluation"):
        assert isinstance(user, User)
        evaluations = (visible_evaluations(user).filter(call=call)
                       .select_related("scorecard", "evaluator").order_by("created_at", "id"))
        scores: dict[int, list[CriterionScore]] = {}
        for score in (CriterionScore.objects.filter(evaluation__in=evaluations)
                      .select_related("criterion", "overridden_by")
                      .order_by("criterion__order", "criterion_id")):
            scores.setdefault(score.evaluation_id, []).append(score)
        for evaluation in evaluations:
            own = scores.get(evaluation.pk, [])
            cards.append(EvaluationCard(
                pk=evaluation.pk, scorecard=evaluation.scorecard.name,
                evaluator=_name(evaluation.evaluator) or "—", status=evaluation.status,
                status_label=evaluation.get_status_display(),
                in_calibration=evaluation.calibration_id is not None,
                total=evaluation_total(own),
                criteria=[CriterionRow(
                    name=score.criterion.name, weight=score.criterion.weight,
                    value=score.value_label, auto=score.auto,
                    auto_value=_answer_label(score.auto_answer),
                    overridden_by=_name(score.overridden_by),
                    override_reason=score.override_reason,
                    moment=_moment(by_skill.get(score.criterion.skill_id))
                    if score.criterion.skill_id else None,
                ) for score in own],
            ))
    return {
        "skill_rows": [SkillRow(
            name=result.skill.name, description=result.skill.description, status=result.status,
            status_label=result.get_status_display(), moment=_moment(result),
        ) for result in results],
        "evaluation_cards": cards,
        "sees_skills": user.has_perm("coaching.view_skillresult"),
        "sees_evaluations": user.has_perm("coaching.view_evaluation"),
        "may_evaluate": user.has_perm("coaching.add_evaluation"),
        "evaluations_url": f"{reverse('coaching:evaluations')}?call={call.pk}",
        "start_url": f"{reverse('coaching:evaluation-start')}?call={call.pk}",
    }


def _answer_label(answer: str) -> str:
    # What the analyser said: да / нет / неприменимо (it never gives points).
    return str(Answer(answer).label) if answer in Answer.values else ""


CALL_PANEL = CallPanel(name="scorecard", template="coaching/evaluations/_call_scorecard.html",
                       context=call_scorecard_context)
