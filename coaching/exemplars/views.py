"""The exemplar library: kept moments and computed candidates, playable, kept and removed by
trainers.

Who sees what: trainers and admins every call's moments; a manager the moments (kept and
candidates) of the calls they may see; an operator the kept exemplars only — teaching material
the trainers chose — without the colleague's name. The recording (calls:audio) is served only for
calls a person may see, so an operator hears their own calls' moments and reads the transcript
excerpt of a colleague's.

A kept exemplar whose skill the deciding evaluation of its call says was not shown (or is not
applicable) is not in the library; trainers and admins see it apart, with the evaluator's answer
as the reason, and may remove it or wait for the evaluation to be corrected.

«Добавить в образцовые» on the call page (coaching/exemplars/actions.py) opens the save page
pre-filled with the moment; only those who may add exemplars (trainers, admins) get it: to
others it is a 403, a call they may not see a 404.
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.models import Call
from coaching.exemplars.forms import ExemplarSaveForm, LibraryFilterForm
from coaching.exemplars.moments import moment_context
from coaching.exemplars.queries import Candidate, Filters, candidates, kept, rejections
from coaching.exemplars.services import exemplar_add, exemplar_remove
from coaching.models import Exemplar
from coaching.permissions import request_user
from project.roles import AnyUser, Role, has_role


def _sees_candidates(user: AnyUser) -> bool:
    return has_role(user, Role.TRAINER, Role.ADMIN, Role.MANAGER)


def _sees_library(user: AnyUser) -> bool:
    return _sees_candidates(user) or has_role(user, Role.OPERATOR)


@login_required
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = 200
    if not _sees_library(user):
        raise Http404
    form = LibraryFilterForm(request.GET or None)
    filters = Filters()
    if request.GET:
        if form.is_valid():
            filters = form.filters()
        else:
            status = 400
    sees_candidates = _sees_candidates(user)
    calls = Call.objects.visible_to(user)
    exemplars = list(kept(filters, calls=calls if sees_candidates else None)[:200])
    rejected = rejections(exemplars)
    standing = [e for e in exemplars if e.pk not in rejected]
    # Who keeps the library sees what left it and why; the others only what stands.
    sees_hidden = user.has_perm("coaching.add_exemplar")
    hidden = [e for e in exemplars if e.pk in rejected] if sees_hidden else []
    found: list[Candidate] = candidates(user, filters) if sees_candidates and status != 400 \
        else []
    call_ids = {e.call_id for e in exemplars} | {c.call.pk for c in found}
    visible = set(calls.filter(pk__in=call_ids).values_list("pk", flat=True))
    context = {
        "form": form, "sees_candidates": sees_candidates,
        "can_add": user.has_perm("coaching.add_exemplar"),
        "can_remove": user.has_perm("coaching.delete_exemplar"),
        "kept": [{"exemplar": e, **moment_context(e.call, e.start, e.end, visible, e.note)}
                 for e in standing],
        "hidden": [{"exemplar": e, "rejection": rejected[e.pk],
                    **moment_context(e.call, e.start, e.end, visible, e.note)}
                   for e in hidden],
        "candidates": [{"candidate": c, **moment_context(c.call, c.start, c.end, visible, c.text)}
                       for c in found],
        "query": request.GET.urlencode(),
    }
    return render(request, "coaching/exemplars/library.html", context, status=status)


def _next(request: HttpRequest) -> str:
    """Where to go once the moment is kept (or the form given up): the page the trainer came
    from, if it is ours, else the library."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("coaching:exemplars")
    return target


def _back(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next(request))


def _initial(request: HttpRequest) -> dict[str, object]:
    """The moment named in the address («Добавить в образцовые» on the call page); values that
    are not numbers are left for the trainer to fill rather than refused."""
    initial: dict[str, object] = {}
    for name in ("start", "end"):
        try:
            value = float(request.GET[name])
        except (KeyError, ValueError):
            continue
        if math.isfinite(value) and value >= 0:
            initial[name] = round(value, 1)
    for name in ("skill", "objection"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    initial.setdefault("start", 0)
    return initial


def _save_page(request: HttpRequest, call: Call, form: ExemplarSaveForm,
               status: int = 200) -> HttpResponse:
    start = form["start"].value()
    end = form["end"].value()
    try:
        start_at = float(start or 0)
        end_at = float(end) if end not in (None, "") else None
    except (TypeError, ValueError):
        start_at, end_at = 0.0, None
    # What the trainer typed may be nonsense (the form says so); the moment shown stays sane.
    if not math.isfinite(start_at) or start_at < 0:
        start_at = 0.0
    if end_at is not None and (not math.isfinite(end_at) or end_at < start_at):
        end_at = None
    visible = {call.pk}
    skill = str(form["skill"].value() or "")
    existing = Exemplar.objects.filter(call=call, start=start_at).filter(
        **({"skill_id": int(skill)} if skill.isdigit() else {"skill__isnull": True})).first()
    return render(request, "coaching/exemplars/save.html", {
        "form": form, "call": call, "next": _next(request), "existing": existing,
        "moment": moment_context(call, start_at, end_at, visible),
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def exemplar_save(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("coaching.add_exemplar"):
        raise PermissionDenied
    user = request_user(request)
    calls = Call.objects.visible_to(request.user)
    if request.method != "POST":
        raw = request.GET.get("call", "")
        call = calls.filter(pk=int(raw)).first() if raw.isdigit() else None
        if call is None:
            raise Http404
        return _save_page(request, call, ExemplarSaveForm(initial={"call": call.pk,
                                                                   **_initial(request)}))
    form = ExemplarSaveForm(request.POST)
    call = None
    if form.is_valid():
        data = form.cleaned_data
        call = calls.filter(pk=data["call"]).first()
        if call is None:
            form.add_error("call", _("Такого звонка нет."))
        else:
            try:
                exemplar_add(call=call, skill=data["skill"], objection=data["objection"],
                             start=data["start"], end=data["end"], note=data["note"],
                             added_by=user,
                             source=data["source"] or Exemplar.Source.PICKED)
            except ValidationError as error:
                form.add_error("end" if error.code == "end" else "start", error.messages[0])
            else:
                messages.success(request, _("Момент сохранён как образец."))
                return _back(request)
    if call is not None:
        return _save_page(request, call, form, status=400)
    return render(request, "coaching/exemplars/save.html",
                  {"form": form, "call": None, "next": _next(request)}, status=400)


@login_required
@require_POST
def exemplar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("coaching.delete_exemplar"):
        raise PermissionDenied
    exemplar_remove(exemplar=get_object_or_404(Exemplar, pk=pk))
    messages.success(request, _("Образец убран из библиотеки."))
    return _back(request)
