"""New against experienced operators: the comparison page and the calls behind its numbers.

For managers (their own teams), trainers and admins; an operator gets a 404, as for a missing
page: the page names colleagues and compares them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calls.models import Call, Team
from coaching.cohorts.forms import APPLICABLE, CohortCallsForm, CohortForm
from coaching.cohorts.queries import (
    COHORT_LABELS,
    Cohort,
    cohort_comparison,
    period_end,
    split_operators,
)
from coaching.competency.forms import default_period
from coaching.competency.queries import Period, outcome_calls
from coaching.models import SkillResult
from project.roles import AnyUser, Role, has_role

CALLS_PER_PAGE = 25


def _allowed(user: AnyUser) -> None:
    if not has_role(user, Role.TRAINER, Role.ADMIN, Role.MANAGER):
        raise Http404


def _query(period: Period, team: Team | None) -> str:
    params: dict[str, str] = {}
    if period.date_from:
        params["date_from"] = period.date_from.isoformat()
    if period.date_to:
        params["date_to"] = period.date_to.isoformat()
    if team is not None:
        params["team"] = str(team.pk)
    return urlencode(params)


@login_required
@require_safe
def cohort_page(request: HttpRequest) -> HttpResponse:
    _allowed(request.user)
    if request.GET:
        form = CohortForm(request.GET, user=request.user)
    else:
        period = default_period()
        form = CohortForm({"date_from": period.date_from, "date_to": period.date_to},
                          user=request.user)
    months: int = settings.COACHING_NEW_OPERATOR_MONTHS
    context: dict[str, Any] = {"form": form, "months": months}
    if not form.is_valid():
        return render(request, "coaching/cohorts/page.html", context, status=400)
    period = form.period()
    comparison = cohort_comparison(operators=form.operators().select_related("team"),
                                   period=period, months=months)
    context.update(comparison=comparison,
                   query=_query(period, form.cleaned_data.get("team")))
    return render(request, "coaching/cohorts/page.html", context)


@login_required
@require_safe
def cohort_calls(request: HttpRequest) -> HttpResponse:
    _allowed(request.user)
    form = CohortCallsForm(request.GET, user=request.user)
    context: dict[str, Any] = {"form": form, "page": None}
    if not form.is_valid():
        return render(request, "coaching/cohorts/calls.html", context, status=400)
    period = form.period()
    cohort = Cohort(form.cleaned_data["cohort"])
    operators = split_operators(form.operators(), on=period_end(period),
                                months=settings.COACHING_NEW_OPERATOR_MONTHS).of(cohort)
    status = form.cleaned_data["status"]
    statuses = ([SkillResult.Status.SHOWN, SkillResult.Status.NOT_SHOWN]
                if status == APPLICABLE else [status])
    calls = outcome_calls(period=period, skill=form.cleaned_data["skill"], statuses=statuses,
                          operator__in=operators).filter(
        pk__in=Call.objects.visible_to(request.user)).select_related("operator")
    context.update(page=Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page")),
                   cohort_label=COHORT_LABELS[cohort], skill=form.cleaned_data["skill"],
                   back=_query(period, form.cleaned_data.get("team")))
    return render(request, "coaching/cohorts/calls.html", context)
