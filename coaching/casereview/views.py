"""The weekly case review page, its printable sheet and the calls behind its numbers.

Managers see their teams' week, trainers and admins every team's; for anyone else (an operator)
the pages do not exist: 404, as does a team this person does not manage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from calls.models import Call, Team
from calls.weeks import Week
from coaching.casereview.evidence import (
    LIST_TITLES,
    CallList,
    listed_calls,
    review_query,
    week_calls,
)
from coaching.casereview.forms import CallListForm, WeekForm
from coaching.casereview.picking import week_cases
from coaching.models import Skill
from coaching.teams import teams_for
from project.roles import AnyUser, Role, has_role
from scripts_library.models import Objection

CALLS_PER_PAGE = 25


@dataclass(frozen=True)
class Review:
    week: Week
    team: Team | None

    def url(self, name: str, week: Week | None = None) -> str:
        query = review_query(week=week or self.week, team=self.team)
        return f"{reverse(name)}?{urlencode(query)}"


def _teams(user: AnyUser) -> QuerySet[Team]:
    # Coaching, not surveillance: the review of a team is not an operator's page.
    if not has_role(user, Role.MANAGER, Role.TRAINER, Role.ADMIN):
        raise Http404
    return teams_for(user)


def _read(form: WeekForm, teams: QuerySet[Team]) -> Review | None:
    if not form.is_valid():
        return None
    team_pk = form.cleaned_data.get("team")
    # A team this person does not see is a 404, as a missing one.
    team = get_object_or_404(teams, pk=team_pk) if team_pk else None
    return Review(week=form.chosen_week(timezone.localdate()), team=team)


def _review_context(request: HttpRequest) -> tuple[dict[str, Any], int]:
    teams = _teams(request.user)
    form = WeekForm(request.GET)
    review = _read(form, teams)
    context: dict[str, Any] = {"form": form, "teams": teams}
    if review is None:
        return context, 400
    context.update(
        review=review, week=review.week, team=review.team,
        cases=week_cases(team=review.team, week_start=review.week.monday,
                         calls=Call.objects.visible_to(request.user).select_related("operator")),
        previous_url=review.url("coaching:case-review", review.week.previous),
        next_url=review.url("coaching:case-review", review.week.next),
        print_url=review.url("coaching:case-review-print"),
        page_url=review.url("coaching:case-review"),
    )
    return context, 200


@login_required
@require_safe
def case_review(request: HttpRequest) -> HttpResponse:
    context, status = _review_context(request)
    return render(request, "coaching/casereview/page.html", context, status=status)


@login_required
@require_safe
def case_review_print(request: HttpRequest) -> HttpResponse:
    context, status = _review_context(request)
    return render(request, "coaching/casereview/print.html", context, status=status)


@login_required
@require_safe
def case_review_calls(request: HttpRequest) -> HttpResponse:
    teams = _teams(request.user)
    form = CallListForm(request.GET)
    review = _read(form, teams)
    context: dict[str, Any] = {"form": form}
    if review is None:
        return render(request, "coaching/casereview/calls.html", context, status=400)
    kind = CallList(form.cleaned_data["list"])
    objection = skill = None
    if form.cleaned_data.get("objection"):
        objection = get_object_or_404(Objection, pk=form.cleaned_data["objection"])
    if form.cleaned_data.get("skill"):
        skill = get_object_or_404(Skill, pk=form.cleaned_data["skill"])
    found = listed_calls(
        week_calls(calls=Call.objects.visible_to(request.user), team=review.team,
                   week=review.week),
        kind, objection_id=objection.pk if objection else None,
        skill_id=skill.pk if skill else None,
    ).select_related("operator", "line").order_by("started_at", "pk")
    name = objection.name if objection else skill.name if skill else ""
    context.update(
        review=review, week=review.week, team=review.team,
        title=str(LIST_TITLES[kind]) % {"name": name} if name else LIST_TITLES[kind],
        back_url=review.url("coaching:case-review"),
        page=Paginator(found, CALLS_PER_PAGE).get_page(request.GET.get("page")),
    )
    return render(request, "coaching/casereview/calls.html", context)
