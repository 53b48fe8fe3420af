"""The competency pages: my map, an operator's map, the calls behind a number, a team's table.

Coaching, not surveillance: an operator reaches only their own map (another code is a 404, as
a missing one); colleagues' exemplar moments show the moment and the skill, never their numbers.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from calls.models import Call, Operator
from coaching.competency.chart import competency_svg
from coaching.competency.forms import PeriodForm, SkillCallsForm, default_period
from coaching.competency.links import calls_url, period_query
from coaching.competency.queries import (
    APPLICABLE,
    Period,
    SkillScore,
    colleague_moments,
    competency_map,
    skill_calls,
    team_map,
)
from coaching.competency.report import growth_points, report_sentence
from coaching.competency.teams import Month, team_summaries
from coaching.exemplars.moments import moment_context
from coaching.exemplars.queries import rejections
from coaching.models import Exemplar, Skill, SkillResult
from coaching.teams import teams_for
from project.roles import AnyUser, Role, has_role

CALLS_PER_PAGE = 25
# Trainer-kept moments shown per growth point, before the analyser's finds.
KEPT_MOMENTS = 2


def _period(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    if not request.GET:
        period = default_period()
        return PeriodForm(initial={"date_from": period.date_from,
                                   "date_to": period.date_to}), period
    form = PeriodForm(request.GET)
    return form, form.period() if form.is_valid() else None


def _map_page(request: HttpRequest, operator: Operator, *, own: bool) -> HttpResponse:
    form, period = _period(request)
    context: dict[str, Any] = {"form": form, "operator": operator, "own": own}
    status = 200
    if period is None:
        status = 400
    else:
        scores = competency_map(operator=operator, period=period)

        def link(skill: Skill, result: str) -> str:
            return calls_url(operator, skill, result, period)

        context.update(
            period=period,
            rows=[{"score": s, "shown_url": link(s.skill, SkillResult.Status.SHOWN),
                   "skipped_url": link(s.skill, SkillResult.Status.NOT_SHOWN),
                   "applicable_url": link(s.skill, APPLICABLE)} for s in scores],
            chart=competency_svg(scores),
            sentence=report_sentence(scores, link),
            growth=[{"score": s, "kept": _kept_moments(request.user, operator, s.skill),
                     "exemplars": colleague_moments(
                        user=request.user, operator=operator, skill=s.skill, period=period)}
                    for s in growth_points(scores)],
        )
    return render(request, "coaching/competency/map.html", context, status=status)


def _kept_moments(user: AnyUser, operator: Operator, skill: Skill) -> list[dict[str, Any]]:
    """The moments trainers kept for the skill from colleagues' calls: played where this person
    may hear the call, else quoted (an operator hears only their own calls), never named. One an
    evaluator judged otherwise has left the library (coaching/exemplars/queries.py) and is not
    offered as an example; a few more are read to fill the place."""
    kept = list(Exemplar.objects.filter(skill=skill).exclude(call__operator=operator)
                .select_related("call").order_by("-created_at", "-pk")[:KEPT_MOMENTS * 3])
    rejected = rejections(kept)
    kept = [exemplar for exemplar in kept if exemplar.pk not in rejected][:KEPT_MOMENTS]
    visible = set(Call.objects.visible_to(user).filter(
        pk__in=[exemplar.call_id for exemplar in kept]).values_list("pk", flat=True))
    return [{"exemplar": exemplar,
             **moment_context(exemplar.call, exemplar.start, exemplar.end, visible,
                              note=exemplar.note)}
            for exemplar in kept]


def _visible_operator(user: AnyUser, code: str) -> Operator:
    # A code this person may not see is a 404 as a missing one: no colleague's existence leaks.
    return get_object_or_404(Operator.objects.visible_to(user), code=code)


@login_required
@require_safe
def my_map(request: HttpRequest) -> HttpResponse:
    # The reverse one-to-one raises a subclass of AttributeError when there is no operator.
    operator: Operator | None = getattr(request.user, "operator", None)
    if operator is None:
        raise Http404("Вы не оператор: личной карты компетенций у вас нет.")
    return _map_page(request, operator, own=True)


@login_required
@require_safe
def operator_map(request: HttpRequest, code: str) -> HttpResponse:
    operator = _visible_operator(request.user, code)
    return _map_page(request, operator, own=operator.user_id == request.user.pk)


@login_required
@require_safe
def competency_calls(request: HttpRequest, code: str, skill: str) -> HttpResponse:
    operator = _visible_operator(request.user, code)
    found = get_object_or_404(Skill.objects.active(), code=skill)
    form = SkillCallsForm(request.GET)
    page = None
    status = 400
    if form.is_valid():
        status = 200
        calls = skill_calls(operator=operator, skill=found, period=form.period(),
                            status=form.cleaned_data["status"]).filter(
            pk__in=Call.objects.visible_to(request.user))
        page = Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "coaching/competency/calls.html",
                  {"form": form, "operator": operator, "skill": found, "page": page},
                  status=status)


@login_required
@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.TRAINER, Role.ADMIN, Role.MANAGER):
        raise Http404
    today = timezone.localdate()
    return render(request, "coaching/competency/teams.html", {
        "teams": team_summaries(user=request.user, teams=teams_for(request.user), today=today),
        "month": Month.of(today)})


@login_required
@require_safe
def team_overview(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(teams_for(request.user), pk=pk)
    form, period = _period(request)
    context: dict[str, Any] = {"form": form, "team": team}
    if period is None:
        return render(request, "coaching/competency/team.html", context, status=400)
    operators = list(team.operators.all())
    skills = list(Skill.objects.active())
    scores = team_map(operators=operators, period=period)
    empty = {s.pk: SkillScore(skill=s, shown=0, not_shown=0, team_median=None) for s in skills}
    context.update(
        skills=skills, query=period_query(period),
        rows=[{"operator": o,
               "cells": [scores.get((o.pk, s.pk), empty[s.pk]) for s in skills]}
              for o in operators],
    )
    return render(request, "coaching/competency/team.html", context)
