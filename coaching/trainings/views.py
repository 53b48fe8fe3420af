"""Training pages: the list, planning by hand, a training with its attendees and exemplars,
and the «held» and «cancel» buttons.

Who sees which training: coaching/trainings/queries.py (another person's training is a 404, as a
missing one). Planning and changing need the trainingsession permissions (managers, trainers,
admins); an operator reads the trainings they attend.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.models import Call, Operator
from coaching.exemplars.moments import moment_context
from coaching.models import CoachingCycle, TrainingSession
from coaching.permissions import coaching_permission, request_user
from coaching.trainings.forms import HeldForm, TrainingForm
from coaching.trainings.queries import trainings_visible_to
from coaching.trainings.services import (
    training_cancel,
    training_create,
    training_mark_held,
    training_update,
)
from project.errors import DomainError

Status = TrainingSession.Status


def _training(request: HttpRequest, pk: int) -> TrainingSession:
    return get_object_or_404(trainings_visible_to(request.user), pk=pk)


def _editable(request: HttpRequest, training: TrainingSession) -> bool:
    return (training.status == Status.PLANNED
            and request.user.has_perm("coaching.change_trainingsession"))


@login_required
@require_safe
def training_list(request: HttpRequest) -> HttpResponse:
    trainings = trainings_visible_to(request.user).prefetch_related("attendees")
    return render(request, "coaching/trainings/list.html", {
        "upcoming": trainings.filter(status=Status.PLANNED).order_by("held_on", "pk"),
        "past": trainings.exclude(status=Status.PLANNED).order_by("-held_on", "-pk"),
        "today": timezone.localdate(),
        "can_add": request.user.has_perm("coaching.add_trainingsession"),
    })


def _fields(form: TrainingForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"topic": data["topic"], "skill": data["skill"], "team": data["team"],
            "held_on": data["held_on"], "attendees": data["attendees"],
            "exemplars": data["exemplars"], "notes": data["notes"], "trainer": data["trainer"]}


@coaching_permission("add_trainingsession")
@require_http_methods(["GET", "HEAD", "POST"])
def training_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TrainingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                training = training_create(**_fields(form), created_by=request_user(request))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Обучение запланировано."))
                return redirect("coaching:training", pk=training.pk)
        return render(request, "coaching/trainings/form.html", {"form": form}, status=400)
    initial = {key: request.GET[key] for key in ("skill", "team", "topic") if key in request.GET}
    form = TrainingForm(initial=initial, user=request.user)
    return render(request, "coaching/trainings/form.html", {"form": form})


@coaching_permission("change_trainingsession")
@require_http_methods(["GET", "HEAD", "POST"])
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    if training.status != Status.PLANNED:
        messages.error(request, _("Проведённое или отменённое обучение не меняется."))
        return redirect("coaching:training", pk=training.pk)
    if request.method == "POST":
        form = TrainingForm(request.POST, user=request.user, training=training)
        if form.is_valid():
            try:
                training_update(training=training, **_fields(form),
                                updated_by=request_user(request))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Обучение изменено."))
                return redirect("coaching:training", pk=training.pk)
        return render(request, "coaching/trainings/form.html",
                      {"form": form, "training": training}, status=400)
    form = TrainingForm(user=request.user, training=training, initial={
        "topic": training.topic, "skill": training.skill_id, "team": training.team_id,
        "held_on": training.held_on, "trainer": training.trainer_id, "notes": training.notes,
        "attendees": list(training.attendees.all()),
        "exemplars": list(training.exemplars.all())})
    return render(request, "coaching/trainings/form.html", {"form": form, "training": training})


def _detail(request: HttpRequest, training: TrainingSession, *,
            held_form: HeldForm | None = None, status: int = 200) -> HttpResponse:
    # An operator on a group training sees their own row only: a colleague's map and cycle are
    # the colleague's data (and their links a 404).
    visible = Operator.objects.visible_to(request.user)
    cycles = {cycle.operator_id: cycle for cycle in CoachingCycle.objects.filter(
        training=training, operator__in=visible).order_by("-created_at")}
    attendees = [{"operator": operator, "cycle": cycles.get(operator.pk)}
                 for operator in training.attendees.filter(
                     pk__in=visible.values("pk")).select_related("team")]
    editable = _editable(request, training)
    exemplars = list(training.exemplars.select_related("call", "skill").order_by("pk"))
    visible_calls = set(Call.objects.visible_to(request.user).filter(
        pk__in=[exemplar.call_id for exemplar in exemplars]).values_list("pk", flat=True))
    return render(request, "coaching/trainings/detail.html", {
        "training": training,
        "attendees": attendees,
        # A colleague's call is a 404 to an operator: their moment is quoted, not linked
        # (visible, excerpt), as in the exemplar library; a recording not yet muted is withheld.
        "exemplars": [{"exemplar": exemplar, **moment_context(
                           exemplar.call, exemplar.start, exemplar.end, visible_calls,
                           note=exemplar.note)}
                      for exemplar in exemplars],
        "editable": editable,
        "held_form": held_form or HeldForm(initial={"held_on": min(
            training.held_on, timezone.localdate())}),
    }, status=status)


@login_required
@require_safe
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _training(request, pk))


@coaching_permission("change_trainingsession")
@require_POST
def training_held_view(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    form = HeldForm(request.POST)
    if not form.is_valid():
        return _detail(request, training, held_form=form, status=400)
    try:
        training_mark_held(training=training, held_on=form.cleaned_data["held_on"])
    except DomainError as error:
        if error.conflict:
            # Already held or cancelled: the page has no form left to show the error in.
            messages.error(request, error.message)
            return redirect("coaching:training", pk=training.pk)
        form.add_error("held_on", error.message)
        return _detail(request, training, held_form=form, status=400)
    messages.success(request, _("Обучение отмечено проведённым: контрольное прослушивание — "
                                "через 14 дней."))
    return redirect("coaching:training", pk=training.pk)


@coaching_permission("change_trainingsession")
@require_POST
def training_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    try:
        training_cancel(training=training)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Обучение отменено."))
    return redirect("coaching:training", pk=training.pk)
