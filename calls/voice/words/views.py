"""The cue lists' page (/calls/voice/cues/): trainers and admins add, edit, try and delete cues,
and the next analysed call uses them — no deploy, no restart (cue_sets.py recompiles)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Cue, CueKind, CueList
from calls.phrase_runtime.tryout import TRY_LAST_CALLS, phrase_try_fields
from calls.voice.words.access import may_edit_cues, may_read_cues
from calls.voice.words.forms import CueForm
from calls.voice.words.masking import mask_all_words
from calls.voice.words.services import cue_create, cue_delete, cue_update
from project.errors import DomainError

View = Callable[..., HttpResponse]


def _allowed(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@_allowed(may_read_cues)
@require_safe
def cue_lists(request: HttpRequest) -> HttpResponse:
    cues = Cue.objects.order_by("-is_active", "text")
    order = {kind.value: position for position, kind in enumerate(CueKind)}
    lists = sorted(CueList.objects.prefetch_related(Prefetch("cues", queryset=cues)),
                   key=lambda cue_list: order.get(cue_list.kind, 99))
    # What each cue shows: a profanity cue masked word by word.
    sections = [
        (cue_list, [
            (cue, mask_all_words(cue.text) if cue_list.kind == CueKind.PROFANITY else cue.text)
            for cue in cue_list.cues.all()
        ])
        for cue_list in lists
    ]
    return render(request, "voice/words/cue_lists.html", {
        "sections": sections,
        "may_edit": may_edit_cues(request.user),
    })


@_allowed(may_edit_cues)
def cue_form_view(request: HttpRequest, kind: str | None = None, pk: int | None = None
                  ) -> HttpResponse:
    """Add or edit a cue. «Проверить» shows what it would find in recent calls, saving nothing."""
    cue = get_object_or_404(Cue.objects.select_related("cue_list"), pk=pk) if pk else None
    cue_list = cue.cue_list if cue is not None else get_object_or_404(CueList, kind=kind)
    initial = None
    if cue is not None:
        initial = {"text": cue.text, "speaker": cue.speaker, "max_gap": cue.max_gap,
                   "window_kind": cue.window_kind, "window_seconds": cue.window_seconds,
                   "weight": cue.weight, "is_active": cue.is_active}
    form = CueForm(request.POST or None, initial=initial)
    shown_text = ""
    if cue is not None:
        shown_text = mask_all_words(cue.text) if cue_list.kind == CueKind.PROFANITY else cue.text
    result = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "try":
            result = phrase_try_fields(form.cleaned_data)
        else:
            try:
                if cue is None:
                    cue_create(cue_list=cue_list, **form.cleaned_data)
                else:
                    cue_update(cue=cue, **form.cleaned_data)
            except DomainError as error:
                form.add_error("text", error.message)
            else:
                messages.success(request, _("Сигнал сохранён: новые звонки уже анализируются с "
                                            "ним. Чтобы пересчитать архив, запустите повторный "
                                            "анализ «Реплики-сигналы»."))
                return redirect(f"{_lists_url()}#list-{cue_list.kind}")
    return render(request, "voice/words/cue_form.html", {
        "form": form, "cue": cue, "cue_list": cue_list, "result": result,
        "try_last_calls": TRY_LAST_CALLS, "shown_text": shown_text,
        # A profanity phrase being tried may not be saved yet: mask what it matched.
        "mask_marked": cue_list.kind == CueKind.PROFANITY,
    })


@_allowed(may_edit_cues)
@require_POST
def cue_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    cue = get_object_or_404(Cue.objects.select_related("cue_list"), pk=pk)
    cue_delete(cue=cue)
    messages.success(request, _("Сигнал удалён."))
    return redirect(f"{_lists_url()}#list-{cue.cue_list.kind}")


def _lists_url() -> str:
    return reverse("voice_words:cues")
