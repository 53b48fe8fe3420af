"""The team gaps page and its one-click «Создать обучение».

Managers see their teams, trainers and admins every team; an operator gets a 404 (the page is
about colleagues). A team this person may not see is a 404 on the page and on the button, as a
missing one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from coaching.competency.forms import default_period
from coaching.competency.links import period_query
from coaching.gaps.forms import DEFAULT_SHARE, GapsForm, GapTrainingForm
from coaching.gaps.queries import gap_topic, team_gaps
from coaching.permissions import request_user
from coaching.teams import teams_for
from coaching.trainings.services import training_from_gap
from project.errors import DomainError
from project.roles import Role, has_role


def _require_team_viewer(request: HttpRequest) -> None:
    if not has_role(request.user, Role.MANAGER, Role.TRAINER, Role.ADMIN):
        raise Http404


@login_required
@require_safe
def gaps(request: HttpRequest) -> HttpResponse:
    _require_team_viewer(request)
    data = request.GET.copy()
    # Opened without a period (from the menu): the competency pages' last 30 days.
    if "date_from" not in data and "date_to" not in data:
        period = default_period()
        data["date_from"] = period.date_from.isoformat() if period.date_from else ""
        data["date_to"] = period.date_to.isoformat() if period.date_to else ""
    first = teams_for(request.user).first()
    if not data.get("team") and first is not None:
        data["team"] = str(first.pk)
    form = GapsForm(data, user=request.user)
    context: dict[str, Any] = {"form": form, "teams": teams_for(request.user),
                               "default_share": DEFAULT_SHARE,
                               "can_train": request.user.has_perm(
                                   "coaching.add_trainingsession")}
    if first is None:
        return render(request, "coaching/gaps/gaps.html", context)
    if not form.is_valid():
        if "team" in form.errors:
            raise Http404
        return render(request, "coaching/gaps/gaps.html", context, status=400)
    team, period = form.cleaned_data["team"], form.period()
    context.update(team=team, period=period, query=period_query(period),
                   share=form.cleaned_data.get("share"),
                   topics=team_gaps(team=team, period=period, user=request.user,
                                    min_share=form.min_share()))
    return render(request, "coaching/gaps/gaps.html", context)


@login_required
@require_POST
def gap_training(request: HttpRequest) -> HttpResponse:
    _require_team_viewer(request)
    if not request.user.has_perm("coaching.add_trainingsession"):
        raise PermissionDenied
    form = GapTrainingForm(request.POST, user=request.user)
    if not form.is_valid():
        if "team" in form.errors:
            raise Http404
        return HttpResponse(
            "; ".join(str(error) for errors in form.errors.values() for error in errors),
            status=400, content_type="text/plain; charset=utf-8")
    team, period = form.cleaned_data["team"], form.period()
    back = reverse("coaching:gaps") + f"?team={team.pk}&{period_query(period)}"
    topic = gap_topic(team=team, skill=form.cleaned_data["skill"], period=period,
                      user=request.user, min_share=form.min_share())
    if topic is None:
        messages.error(request, _("У команды больше нет разрыва по этому навыку."))
        return redirect(back)
    try:
        training, created = training_from_gap(team=team, topic=topic,
                                              created_by=request_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    if created:
        messages.success(request, _("Обучение запланировано: %(topic)s.")
                         % {"topic": training.topic})
    else:
        messages.info(request, _("Для этой команды и навыка уже запланировано обучение."))
    return redirect("coaching:training", pk=training.pk)
