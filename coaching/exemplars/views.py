"""The exemplar library: kept moments and computed candidates, playable, kept and removed by
trainers.

Who sees what: trainers and admins every call's moments; a manager the moments (kept and
candidates) of the calls they may see; an operator the kept exemplars only — teaching material
the trainers chose — without the colleague's name. The recording (calls:audio) is served only for
calls a person may see, so an operator hears their own calls' moments and reads the transcript
excerpt of a colleague's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call
from coaching.exemplars.forms import ExemplarSaveForm, LibraryFilterForm
from coaching.exemplars.moments import moment_context
from coaching.exemplars.queries import Candidate, Filters, candidates, kept
from coaching.exemplars.services import exemplar_add, exemplar_remove
from coaching.models import Exemplar
from coaching.permissions import request_user
from project.roles import AnyUser, Role, has_role


def _sees_candidates(user: AnyUser) -> bool:
    return has_role(user, Role.TRAINER, Role.ADMIN, Role.MANAGER)


def _sees_library(user: AnyUser) -> bool:
    return _sees_candidates(user) or has_role(user, Role.OPERATOR)


def _library(request: HttpRequest, *, save_form: ExemplarSaveForm | None = None,
             status: int = 200) -> HttpResponse:
    user = request.user
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
    found: list[Candidate] = candidates(user, filters) if sees_candidates and status != 400 \
        else []
    call_ids = {e.call_id for e in exemplars} | {c.call.pk for c in found}
    visible = set(calls.filter(pk__in=call_ids).values_list("pk", flat=True))
    can_edit = user.has_perm("coaching.add_exemplar")
    context = {
        "form": form, "save_form": save_form, "sees_candidates": sees_candidates,
        "can_add": can_edit, "can_remove": user.has_perm("coaching.delete_exemplar"),
        "kept": [{"exemplar": e, **moment_context(e.call, e.start, e.end, visible)}
                 for e in exemplars],
        "candidates": [{"candidate": c, **moment_context(c.call, c.start, c.end, visible)}
                       for c in found],
        "query": request.GET.urlencode(),
    }
    return render(request, "coaching/exemplars/library.html", context, status=status)


@login_required
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    return _library(request)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("coaching:exemplars")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def exemplar_save(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("coaching.add_exemplar"):
        raise PermissionDenied
    user = request_user(request)
    form = ExemplarSaveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        call = Call.objects.visible_to(request.user).filter(pk=data["call"]).first()
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
    return _library(request, save_form=form, status=400)


@login_required
@require_POST
def exemplar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("coaching.delete_exemplar"):
        raise PermissionDenied
    exemplar_remove(exemplar=get_object_or_404(Exemplar, pk=pk))
    messages.success(request, _("Образец убран из библиотеки."))
    return _back(request)
