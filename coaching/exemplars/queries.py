"""The exemplar library's reads: the kept moments and the candidates computed from the data.

Three kinds of candidates, each a moment of a call this person may see:

- best scores: calls with a submitted evaluation, highest total first. A call's total is the
  weighted share of «да» among its yes/no criteria, a points criterion counting points/100
  («неприменимо» and unanswered criteria left out; coaching/evaluations/totals.py), pooled over
  the call's submitted evaluations;
  the moment is where a skill was shown (the skill asked for, else every shown skill);
- resolved fastest: calls that ended resolved or in a sale where the skill was shown, shortest
  first;
- objection handled well: an objection the operator answered and the customer did not raise
  again, in a call that ended resolved or in a sale; the moment runs from the objection to the
  end of the reply.

The platform keeps no customer feedback yet, so there is no «positive feedback» kind.

A moment of a skill that an evaluator judged otherwise — the deciding evaluation of the call
(coaching/evaluations/answers.py) says the skill was not shown there, or is not applicable — is
no example of the skill done well: it is not offered as a candidate, and a kept exemplar of it
leaves the library (`standing`). The kept one is not deleted: the evaluation may be corrected,
and the trainer who kept it sees it apart, with the evaluator's answer as the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from calls.local_days import started_on_days
from calls.models import Call, Line
from coaching.evaluations.answers import (
    agreed_moments,
    deciding_scores,
    human_shown,
    skill_answers,
)
from coaching.evaluations.totals import call_totals
from coaching.models import CriterionScore, Evaluation, Exemplar, Skill, SkillResult
from coaching.models.evaluations import Answer
from project.roles import AnyUser
from scripts_library.models import Objection, ObjectionHit

# Each kind lists this many candidates: a library page, not an export.
CANDIDATES_PER_KIND = 20
GOOD_OUTCOMES = (Call.Outcome.RESOLVED, Call.Outcome.SALE)


class Kind(StrEnum):
    BEST_SCORE = "best"
    FASTEST = "fastest"
    OBJECTION = "objection"


KIND_LABELS = {
    Kind.BEST_SCORE: _("лучшие оценки"),
    Kind.FASTEST: _("быстрее всего решены"),
    Kind.OBJECTION: _("возражение отработано"),
}


@dataclass(frozen=True)
class Filters:
    skill: Skill | None = None
    objection: Objection | None = None
    kind: Kind | None = None
    # The local days of the calls the moments come from, both included.
    date_from: date | None = None
    date_to: date | None = None
    line: Line | None = None

    def calls(self, calls: QuerySet[Call]) -> QuerySet[Call]:
        """`calls` narrowed by the call-level filters: days, line, objection raised."""
        calls = calls.filter(started_on_days(self.date_from, self.date_to))
        if self.line is not None:
            calls = calls.filter(line=self.line)
        if self.objection is not None:
            # A subquery, not a join: a call with the objection raised twice is still one call.
            calls = calls.filter(pk__in=ObjectionHit.objects.filter(
                objection=self.objection).values("call_id"))
        return calls


@dataclass(frozen=True)
class Candidate:
    kind: Kind
    call: Call
    start: float
    end: float | None
    skill: Skill | None
    objection: Objection | None
    text: str
    # The call's evaluation total, 0–100, for the best-score kind.
    total: float | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _calls(user: AnyUser, filters: Filters) -> QuerySet[Call]:
    return filters.calls(Call.objects.visible_to(user))


def _agreed(results: list[SkillResult]) -> list[SkillResult]:
    """The results no deciding evaluation contradicts (not shown, not applicable)."""
    if not results:
        return results
    answers = skill_answers(scores=deciding_scores().filter(
        evaluation__call_id__in={r.call_id for r in results},
        criterion__skill_id__in={r.skill_id for r in results}))
    return [r for r in results if answers.get((r.call_id, r.skill_id), True) is True]


def _shown(calls: QuerySet[Call], filters: Filters) -> QuerySet[SkillResult]:
    results = SkillResult.objects.filter(
        call__in=calls, status=SkillResult.Status.SHOWN, start__isnull=False,
        skill__active=True,
    )
    if filters.skill is not None:
        results = results.filter(skill=filters.skill)
    return results.select_related("call", "call__operator", "call__line", "skill")


def _from_result(kind: Kind, result: SkillResult, filters: Filters,
                 total: float | None = None) -> Candidate:
    assert result.start is not None  # filtered on start__isnull=False
    return Candidate(kind=kind, call=result.call, start=result.start, end=result.end,
                     skill=result.skill, objection=filters.objection, text=result.text,
                     total=total)


def best_scores(user: AnyUser, filters: Filters,
                limit: int = CANDIDATES_PER_KIND) -> list[Candidate]:
    calls = _calls(user, filters)
    evaluations = Evaluation.objects.filter(call__in=calls, status=Evaluation.Status.SUBMITTED)
    totals = call_totals(evaluations)
    results = sorted(_agreed(list(_shown(calls.filter(pk__in=totals), filters))),
                     key=lambda r: (-totals[r.call_id], -r.call.started_at.timestamp(),
                                    r.skill.order, r.skill.name))
    return [_from_result(Kind.BEST_SCORE, r, filters, totals[r.call_id])
            for r in results[:limit]]


def resolved_fastest(user: AnyUser, filters: Filters,
                     limit: int = CANDIDATES_PER_KIND) -> list[Candidate]:
    calls = _calls(user, filters).filter(outcome__in=GOOD_OUTCOMES)
    results = _shown(calls, filters).order_by("call__duration", "-call__started_at",
                                              "skill__order", "pk")
    return [_from_result(Kind.FASTEST, r, filters)
            for r in agreed_moments(results, limit=limit)]


def objections_handled(user: AnyUser, filters: Filters,
                       limit: int = CANDIDATES_PER_KIND) -> list[Candidate]:
    hits = ObjectionHit.objects.filter(
        call__in=filters.calls(Call.objects.visible_to(user)), call__outcome__in=GOOD_OUTCOMES,
        raised_again=False, reply_start__isnull=False,
    ).exclude(reply_text="")
    if filters.objection is not None:
        hits = hits.filter(objection=filters.objection)
    if filters.skill is not None:
        hits = hits.filter(call__skill_results__skill=filters.skill,
                           call__skill_results__status=SkillResult.Status.SHOWN)
    hits = hits.select_related("call", "call__operator", "call__line", "objection").order_by(
        "call__duration", "-call__started_at", "start", "pk")
    return [Candidate(kind=Kind.OBJECTION, call=hit.call, start=hit.start,
                      end=hit.reply_end if hit.reply_end is not None else hit.end,
                      skill=filters.skill, objection=hit.objection,
                      text=hit.reply_text[:500]) for hit in hits[:limit]]


def candidates(user: AnyUser, filters: Filters) -> list[Candidate]:
    """The computed candidates of the asked kind (every kind when none), each kind in its
    order."""
    found: list[Candidate] = []
    if filters.kind in (None, Kind.BEST_SCORE):
        found += best_scores(user, filters)
    if filters.kind in (None, Kind.FASTEST):
        found += resolved_fastest(user, filters)
    if filters.kind in (None, Kind.OBJECTION):
        found += objections_handled(user, filters)
    return found


def kept(filters: Filters, *, calls: QuerySet[Call] | None = None) -> QuerySet[Exemplar]:
    """Kept exemplars matching the filters (an objection: kept for it; days and line: of the
    call); `calls` limits them to the calls a person may see (None: all, the operators'
    anonymised teaching view)."""
    exemplars = Exemplar.objects.select_related(
        "call", "call__operator", "call__line", "skill", "objection")
    if filters.skill is not None:
        exemplars = exemplars.filter(skill=filters.skill)
    if filters.objection is not None:
        exemplars = exemplars.filter(objection=filters.objection)
    if filters.date_from is not None or filters.date_to is not None:
        exemplars = exemplars.filter(started_on_days(filters.date_from, filters.date_to,
                                                     field="call__started_at"))
    if filters.line is not None:
        exemplars = exemplars.filter(call__line=filters.line)
    if calls is not None:
        exemplars = exemplars.filter(call__in=calls)
    return exemplars


@dataclass(frozen=True)
class Rejection:
    """Why a kept exemplar left the library: the deciding evaluation's answer on its skill."""

    evaluation_id: int
    evaluator: User | None
    evaluated_at: datetime
    criterion: str
    answer: str
    reason: str

    @property
    def answer_label(self) -> str:
        if self.answer == Answer.POINTS:
            return str(_("баллы ниже середины шкалы"))
        return str(Answer(self.answer).label) if self.answer in Answer.values else self.answer


def rejections(exemplars: Iterable[Exemplar]) -> dict[int, Rejection]:
    """Exemplar id → why it left the library, for those whose call's deciding evaluation says
    the skill was not shown there or is not applicable (the latest submitted one, as
    skill_answers decides). Exemplars without a skill are about an objection: no evaluation
    speaks of them."""
    with_skill = [e for e in exemplars if e.skill_id is not None]
    if not with_skill:
        return {}
    scores = (deciding_scores()
              .filter(evaluation__call_id__in={e.call_id for e in with_skill},
                      criterion__skill_id__in={e.skill_id for e in with_skill})
              .select_related("evaluation", "evaluation__evaluator", "criterion")
              .order_by("evaluation__updated_at", "evaluation_id", "criterion__order",
                        "criterion_id"))
    latest: dict[tuple[int, int | None], CriterionScore] = {}
    for score in scores:  # the latest evaluation is written last, as in skill_answers
        latest[(score.evaluation.call_id, score.criterion.skill_id)] = score
    found: dict[int, Rejection] = {}
    for exemplar in with_skill:
        deciding = latest.get((exemplar.call_id, exemplar.skill_id))
        if deciding is None or human_shown(deciding.answer, deciding.points) is True:
            continue
        found[exemplar.pk] = Rejection(
            evaluation_id=deciding.evaluation_id, evaluator=deciding.evaluation.evaluator,
            evaluated_at=deciding.evaluation.updated_at, criterion=deciding.criterion.name,
            answer=deciding.answer, reason=deciding.override_reason)
    return found
