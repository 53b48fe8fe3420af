"""The contacts pages (docs/contacts.md): FCR, why customers come back, time to resolution, and
goals. Thin: reads are in queries.py and goals.py; every number links to the calls behind it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.contacts.access import contacts_reader_required, goal_setter_required, sets_goals
from calls.contacts.forms import BY_LABELS, GoalForm, OverviewFilterForm, default_period
from calls.contacts.goals import goal_create, goal_delete, goal_progress, may_delete_goal
from calls.contacts.queries import (
    BY_CHOICES,
    By,
    fcr_by,
    repeat_reasons,
    resolution_by,
    same_tag_params,
)
from calls.contacts.scope import ContactScope
from calls.metrics.aggregates import metric_figure
from calls.metrics.definitions import FCR, REPEAT_SHARE
from calls.models import ContactGoal

REASONS_SHOWN = 10


def _scope(request: HttpRequest, form: OverviewFilterForm) -> ContactScope:
    period = form.period(default_period()) if form.is_bound else default_period()
    line = form.cleaned_data.get("line") if form.is_bound else None
    return ContactScope(period=period, line=line, user=request.user)


def _fcr_rows(scope: ContactScope, by: By, now: datetime) -> list[dict[str, Any]]:
    closed = scope.closed_until(now)
    rows = []
    for row in fcr_by(calls=scope.calls(), by=by, now=now):
        params = row.group.params
        back_url = scope.calls_url({**params, "came_back": "true"}, date_to=closed)
        same_url = scope.calls_url(same_tag_params(by, row.group), date_to=closed)
        rows.append({
            "row": row,
            "calls_url": scope.calls_url(params, date_to=closed),
            "back_url": back_url,
            "same_url": same_url,
            "resolved_url": scope.calls_url({**params, "came_back": "false"}, date_to=closed),
        })
    return rows


def _resolution_rows(scope: ContactScope, by: By, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "calls_url": scope.calls_url(row.group.params),
            "resolved_url": scope.calls_url({**row.group.params, "resolved": "true"}),
            "unresolved_url": scope.calls_url({**row.group.params, "resolved": "false"}),
        }
        for row in resolution_by(calls=scope.calls(), by=by, now=now)
    ]


@contacts_reader_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    form = OverviewFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "contacts/overview.html", {"form": form}, status=400)
    scope = _scope(request, form)
    by: By = (form.cleaned_data.get("by") if form.is_bound else None) or "tag"  # type: ignore[assignment]
    now = timezone.now()
    calls = scope.calls()
    closed = scope.closed_until(now)
    reasons = [
        {"reason": reason, "url": scope.calls_url({"repeat_of_tag": reason.tag.code}),
         "same_url": scope.calls_url({"repeat_of_tag": reason.tag.code,
                                      "tag": reason.tag.code})}
        for reason in repeat_reasons(calls=calls, limit=REASONS_SHOWN)
    ]
    return render(request, "contacts/overview.html", {
        "form": form,
        "scope": scope,
        "by": by,
        "tabs": [{"by": value, "label": BY_LABELS[value],
                  "query": scope.page_query(by=value)} for value in BY_CHOICES],
        "closed": closed,
        "fcr": metric_figure(calls, FCR, now=now),
        "fcr_url": scope.calls_url({"came_back": "false"}, date_to=closed),
        "back_url": scope.calls_url({"came_back": "true"}, date_to=closed),
        "repeat": metric_figure(calls, REPEAT_SHARE, now=now),
        "repeat_url": scope.calls_url({"contact": "repeat"}),
        "fcr_rows": _fcr_rows(scope, by, now),
        "reasons": reasons,
        "resolution_rows": _resolution_rows(scope, by, now),
        "calls_url": scope.calls_url(),
        "calls_count": calls.count(),
    })


@contacts_reader_required
@require_safe
def goals(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    goals = ContactGoal.objects.select_related("tag", "line", "team", "created_by")
    return render(request, "contacts/goals.html", {
        "progress": [goal_progress(goal=goal, user=request.user, now=now) for goal in goals],
        "may_set": sets_goals(request.user),
        "deletable": {goal.pk for goal in goals if may_delete_goal(request.user, goal)},
    })


@goal_setter_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "contacts/goal_form.html", {"form": form}, status=400)
        data = form.cleaned_data
        goal_create(
            name=data["name"], metric=data["metric"], target_change=data["target_change"],
            starts_on=data["starts_on"], ends_on=data["ends_on"], tag=data["tag"],
            line=data["line"], team=data["team"],
            created_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Цель поставлена."))
        return redirect("contacts:goals")
    return render(request, "contacts/goal_form.html", {"form": form})


@goal_setter_required
@require_POST
def goal_remove(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(ContactGoal, pk=pk)
    if not may_delete_goal(request.user, goal):
        raise PermissionDenied
    goal_delete(goal=goal)
    messages.success(request, _("Цель удалена."))
    return redirect("contacts:goals")
