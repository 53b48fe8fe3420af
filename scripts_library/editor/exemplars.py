"""Exemplar dialogs: moments of real calls worth listening to, linked to objections.

An exemplar is seen exactly by those who see its call (an operator only their own calls, a
manager their teams'); one outside that does not exist for the user: 404, as for the call page.
The player loads the call's own audio URL (calls:audio, with the same access rules and the
withholding of unredacted recordings) with a media fragment, so it starts at the moment even
without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call
from calls.redaction.storage import audio_withheld
from calls.search import call_search
from project.errors import DomainError
from scripts_library.editor.forms import ExemplarForm, find_call
from scripts_library.editor.views import library_permission
from scripts_library.library import services
from scripts_library.models import ExemplarDialog, Objection

EXEMPLARS_PER_PAGE = 100


def _visible(request: HttpRequest) -> QuerySet[ExemplarDialog]:
    return ExemplarDialog.objects.filter(
        call__in=Call.objects.visible_to(request.user)
    ).select_related("call", "call__operator", "created_by").prefetch_related(
        Prefetch("objections", queryset=Objection.objects.only("pk", "code", "name"))
    )


@library_permission("view_exemplardialog")
@require_safe
def exemplar_list(request: HttpRequest) -> HttpResponse:
    exemplars = _visible(request)
    objection = None
    if request.GET.get("objection", "").isdigit():
        objection = Objection.objects.filter(pk=int(request.GET["objection"])).first()
        if objection is not None:
            exemplars = exemplars.filter(objections=objection)
    return render(request, "library/exemplar_list.html", {
        "exemplars": exemplars[:EXEMPLARS_PER_PAGE],
        "objection": objection,
        "can_add": request.user.has_perm("scripts_library.add_exemplardialog"),
    })


@library_permission("add_exemplardialog")
def exemplar_create_view(request: HttpRequest) -> HttpResponse:
    """First the call, picked in the search of calls (operator, dates, tag) — nobody types a
    call's number — then the moment, the note and the objections."""
    user = request.user
    assert isinstance(user, User)  # behind library_permission: signed in
    calls = Call.objects.visible_to(user)
    if request.method != "POST" and not request.GET.get("call"):
        search = call_search(request, user)
        return render(request, "library/exemplar_call_search.html", {
            "search": search, "form": search.form, "page": search.page,
            "objection": request.GET.get("objection", "") if request.GET.get(
                "objection", "").isdigit() else "",
        })
    initial: dict[str, object] = {
        name: request.GET[name] for name in ("call", "start", "end") if request.GET.get(name)
    }
    if request.GET.get("objection", "").isdigit():
        initial["objections"] = [int(request.GET["objection"])]
    form = ExemplarForm(request.POST or None, initial=initial, calls=calls)
    chosen = find_call(calls, str(form["call"].value() or ""))
    if request.method != "POST" and chosen is None:
        raise Http404(_("Нет такого звонка."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exemplar = services.exemplar_create(
                call=data["call"], start=data["start"], end=data["end"], note=data["note"],
                objections=list(data["objections"]), user=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Образцовый диалог добавлен."))
            return redirect("library:exemplar", pk=exemplar.pk)
    return render(request, "library/exemplar_form.html", {
        "form": form, "call": chosen,
        "objection": request.GET.get("objection", "") if request.GET.get(
            "objection", "").isdigit() else ""})


@library_permission("view_exemplardialog")
@require_safe
def exemplar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(_visible(request), pk=pk)
    call = exemplar.call
    # The transcript of the moment, with a little context either side.
    segments = call.segments.filter(
        end__gt=exemplar.start - 5, start__lt=exemplar.end + 5
    ).order_by("start", "index")
    return render(request, "library/exemplar_detail.html", {
        "exemplar": exemplar,
        "call": call,
        "segments": segments,
        "audio_withheld": audio_withheld(call),
        "can_delete": request.user.has_perm("scripts_library.delete_exemplardialog"),
    })


@library_permission("delete_exemplardialog")
@require_POST
def exemplar_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(_visible(request), pk=pk)
    services.exemplar_delete(exemplar=exemplar)
    messages.success(request, _("Образцовый диалог удалён."))
    return redirect("library:exemplars")
