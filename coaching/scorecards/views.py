"""Scorecard pages: the list and one scorecard for everyone who may see them (operators and
managers read what they are evaluated by), the form for trainers and admins (coaching/roles.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coaching.models import ScorecardTemplate
from coaching.permissions import coaching_permission
from coaching.scorecards.forms import CriterionFormSet, ScorecardForm, criteria_initial
from coaching.scorecards.services import scorecard_save
from project.errors import DomainError


def _can_edit(request: HttpRequest) -> bool:
    return request.user.has_perm("coaching.change_scorecardtemplate")


@coaching_permission("view_scorecardtemplate")
@require_safe
def scorecard_list(request: HttpRequest) -> HttpResponse:
    scorecards = ScorecardTemplate.objects.annotate(
        criteria_count=Count("criteria"), total_weight=Sum("criteria__weight"),
    ).order_by("-active", "name")
    return render(request, "coaching/scorecards/list.html", {
        "scorecards": scorecards, "can_edit": _can_edit(request),
        "can_add": request.user.has_perm("coaching.add_scorecardtemplate")})


@coaching_permission("view_scorecardtemplate")
@require_safe
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_object_or_404(ScorecardTemplate, pk=pk)
    criteria = list(scorecard.criteria.select_related("skill"))
    total = sum(c.weight for c in criteria)
    return render(request, "coaching/scorecards/detail.html", {
        "scorecard": scorecard, "can_edit": _can_edit(request), "total_weight": total,
        "rows": [{"criterion": c, "share": 100 * c.weight / total if total else 0}
                 for c in criteria],
        "used": scorecard.evaluations.exists(),
    })


def _form_page(request: HttpRequest, scorecard: ScorecardTemplate | None) -> HttpResponse:
    if request.method == "POST":
        form = ScorecardForm(request.POST)
        criteria = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and criteria.is_valid():
            try:
                saved = scorecard_save(scorecard=scorecard, name=form.cleaned_data["name"],
                                       active=form.cleaned_data["active"],
                                       criteria=criteria.criteria())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Оценочный лист сохранён."))
                return redirect("coaching:scorecard", pk=saved.pk)
        status = 400
    else:
        initial: dict[str, Any] = ({"name": scorecard.name, "active": scorecard.active}
                                   if scorecard else {"active": True})
        form = ScorecardForm(initial=initial)
        criteria = CriterionFormSet(
            prefix="criteria", initial=criteria_initial(scorecard) if scorecard else None)
        status = 200
    return render(request, "coaching/scorecards/form.html", {
        "form": form, "criteria": criteria, "scorecard": scorecard}, status=status)


@coaching_permission("add_scorecardtemplate")
@require_http_methods(["GET", "HEAD", "POST"])
def scorecard_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@coaching_permission("change_scorecardtemplate")
@require_http_methods(["GET", "HEAD", "POST"])
def scorecard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(ScorecardTemplate, pk=pk))


