"""The library editor (trainers and admins) and the read-only library (operators and managers).

Pages are plain forms that work without JavaScript; the small scripts (the answer preview, the
re-analysis progress) only spare a reload. Every write goes through
scripts_library/library/services.py; django-simple-history records the request's user as the
author of each version (HistoryRequestMiddleware), and the services pass it explicitly too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call, ReanalysisRun
from calls.phrase_runtime.forms import KeyPhraseForm
from calls.phrase_runtime.tryout import TRY_LAST_CALLS, phrase_try, phrase_try_fields
from calls.phrases import PhraseSyntaxError
from calls.reanalysis_views import ReanalysisTarget, run_state
from project.errors import DomainError
from project.russian import plural
from scripts_library.editor.forms import (
    ObjectionForm,
    ResponseBlockForm,
    ThemeDeleteForm,
    ThemeForm,
)
from scripts_library.editor.history import versions_of
from scripts_library.library import services
from scripts_library.metrics.queries import MetricsFilter, measured_calls
from scripts_library.models import (
    ExemplarDialog,
    Objection,
    ObjectionHit,
    ObjectionPhrase,
    ObjectionTheme,
    ResponseBlock,
)
from scripts_library.objections.analysis import library_changed_after_analysis

# The analyser the objections' re-analysis runs (registered by scripts_library.objections).
OBJECTIONS_ANALYSER = "objections"

View = Callable[..., HttpResponse]

KINDS = list(ResponseBlock.Kind)


def library_permission(permission: str) -> Callable[[View], View]:
    """Signed-in users with `permission`; others get 403 (a page exists, they may not use it)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(f"scripts_library.{permission}"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


reader_required = library_permission("view_objection")
editor_required = library_permission("change_objection")
block_editor_required = library_permission("change_responseblock")
phrase_editor_required = library_permission("change_objectionphrase")


def _per_objection(rows: Any) -> dict[int, int]:
    # order_by(): a model's default ordering would join the GROUP BY and split the counts.
    return dict(rows.order_by().values("objection").annotate(n=Count("id"))
                .values_list("objection", "n"))


def calls_with_objection(user: Any, objection_ids: list[int]) -> dict[int, int]:
    """Objection → the calls it was found in, among the analysed calls this person may see: the
    calls the metrics' calls list shows for it (/library/metrics/calls/?objection=code), so the
    number and the list it opens agree. Calls, not hits: a call that raised it twice is one."""
    calls = measured_calls(user, MetricsFilter())
    return dict(ObjectionHit.objects.filter(objection__in=objection_ids, call__in=calls)
                .order_by().values("objection").annotate(n=Count("call", distinct=True))
                .values_list("objection", "n"))


def _annotate_counts(objections: list[Objection], user: Any) -> None:
    ids = [objection.pk for objection in objections]
    phrases = _per_objection(ObjectionPhrase.objects.filter(objection__in=ids, is_active=True))
    blocks = _per_objection(ResponseBlock.objects.filter(objection__in=ids, is_active=True))
    hits = calls_with_objection(user, ids)
    for objection in objections:
        objection.phrase_count = phrases.get(objection.pk, 0)  # type: ignore[attr-defined]
        objection.block_count = blocks.get(objection.pk, 0)  # type: ignore[attr-defined]
        objection.call_count = hits.get(objection.pk, 0)  # type: ignore[attr-defined]


# --- Re-analysis of the archive ------------------------------------------------------------------


def _latest_run() -> ReanalysisRun | None:
    # A run of every analyser ("") recomputes the objections too.
    return ReanalysisRun.objects.filter(analyser__in=[OBJECTIONS_ANALYSER, ""]).first()


def _library_changed_after(run: ReanalysisRun | None) -> bool:
    """Some analysed call carries objections found before the latest change of what finds
    them, so a re-analysis would change something; never while a run is under way. Asked of
    the calls themselves (objections.analysis.library_changed_after_analysis), not of the runs:
    calls analysed after the change (a fresh demo: the library is imported, then its calls are
    analysed) are up to date though no re-analysis ever ran."""
    if run is not None and run.is_active:
        return False
    return library_changed_after_analysis()


# The library editor's re-analysis (calls/reanalysis_views.py, routed from
# scripts_library/editor/urls.py): the objections analyser, for those who may edit objections.
LIBRARY_REANALYSIS = ReanalysisTarget(
    analyser=OBJECTIONS_ANALYSER,
    allowed=lambda user: user.has_perm("scripts_library.change_objection"),
    started=gettext_lazy("Повторный поиск возражений в архиве запущен."),
    back="library:index",
    latest_run=_latest_run,
    needs_reanalysis=_library_changed_after,
)


# --- The library: the editor's index and the read-only page ------------------------------------


@reader_required
@require_safe
def library_index(request: HttpRequest) -> HttpResponse:
    """Themes and their objections with counts; edit controls only for those who may edit."""
    objections = list(Objection.objects.select_related("theme"))
    _annotate_counts(objections, request.user)
    by_theme: dict[int, list[Objection]] = {}
    for objection in objections:
        by_theme.setdefault(objection.theme_id, []).append(objection)
    themes = list(ObjectionTheme.objects.all())
    for theme in themes:
        theme.listed = by_theme.get(theme.pk, [])  # type: ignore[attr-defined]
    can_edit = request.user.has_perm("scripts_library.change_objection")
    run = _latest_run() if can_edit else None
    return render(request, "library/index.html", {
        "themes": themes,
        "can_edit": can_edit,
        "run": run,
        "run_state": run_state(run),
        "needs_reanalysis": can_edit and _library_changed_after(run),
        "theme_form": ThemeForm() if can_edit else None,
    })


@reader_required
@require_safe
def library_browse(request: HttpRequest) -> HttpResponse:
    """What operators work with: active objections and their active blocks, theme by theme."""
    blocks = ResponseBlock.objects.active().order_by("kind", "order", "id")
    objections = Objection.objects.active().prefetch_related(Prefetch("blocks", queryset=blocks))
    themes = ObjectionTheme.objects.prefetch_related(
        Prefetch("objections", queryset=objections, to_attr="active_objections")
    )
    shown = []
    for theme in themes:
        for objection in theme.active_objections:  # type: ignore[attr-defined]
            objection.blocks_by_kind = _blocks_by_kind(  # type: ignore[attr-defined]
                objection.blocks.all())
        if theme.active_objections:  # type: ignore[attr-defined]
            shown.append(theme)
    return render(request, "library/browse.html", {"themes": shown})


def _blocks_by_kind(blocks: Iterable[ResponseBlock]) -> list[dict[str, Any]]:
    grouped: dict[str, list[ResponseBlock]] = {kind.value: [] for kind in KINDS}
    for block in blocks:
        grouped[block.kind].append(block)
    return [{"kind": kind.value, "label": kind.label, "blocks": grouped[kind.value]}
            for kind in KINDS]


# --- Themes --------------------------------------------------------------------------------------


@editor_required
def theme_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    theme = get_object_or_404(ObjectionTheme, pk=pk) if pk is not None else None
    initial = ({"name": theme.name, "description": theme.description, "order": theme.order}
               if theme else None)
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if theme is None:
                theme = services.theme_create(**form.cleaned_data)
            else:
                theme = services.theme_update(theme=theme, **form.cleaned_data)
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("Тема «%(name)s» сохранена.") % {"name": theme.name})
            return redirect(reverse("library:index") + f"#theme-{theme.pk}")
    return render(request, "library/edit_form.html", {
        "form": form, "heading": theme.name if theme else _("Новая тема"),
        "back_url": reverse("library:index"), "back_label": _("Библиотека"),
    })


@library_permission("delete_objectiontheme")
def theme_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a theme: with its objections moved to a theme the trainer chooses, or the refusal
    said (no other theme to move them to)."""
    theme = get_object_or_404(ObjectionTheme, pk=pk)
    # An empty theme's form posts no field: bound all the same.
    form = ThemeDeleteForm(request.POST if request.method == "POST" else None, theme=theme)
    if request.method == "POST" and form.is_valid():
        move_to = form.cleaned_data["move_to"]
        try:
            moved = services.theme_delete(theme=theme, move_to=move_to, user=request.user)
        except DomainError as error:
            form.add_error("move_to", error.message)
        else:
            if moved:
                messages.success(request, _("Тема «%(name)s» удалена, %(count)s перенесено в "
                                            "«%(target)s».") % {
                    "name": theme.name, "target": move_to.name,
                    "count": plural(moved, "возражение,возражения,возражений")})
                return redirect(reverse("library:index") + f"#theme-{move_to.pk}")
            messages.success(request, _("Тема «%(name)s» удалена.") % {"name": theme.name})
            return redirect("library:index")
    objections = list(theme.objections.all())
    return render(request, "library/theme_delete.html", {
        "theme": theme, "form": form, "objections": objections,
        "other_themes": form.fields["move_to"].queryset.exists(),  # type: ignore[attr-defined]
    })


# --- Objections ----------------------------------------------------------------------------------


@editor_required
def objection_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    objection = get_object_or_404(Objection, pk=pk) if pk is not None else None
    initial: dict[str, Any] | None = None
    if objection is not None:
        initial = {"code": objection.code, "theme": objection.theme_id, "name": objection.name,
                   "description": objection.description}
    elif request.GET.get("theme", "").isdigit():
        initial = {"theme": int(request.GET["theme"])}
    form = ObjectionForm(request.POST or None, initial=initial, editing=objection is not None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            if objection is None:
                objection = services.objection_create(user=request.user, **fields)
            else:
                fields.pop("code")
                objection = services.objection_update(objection=objection, user=request.user,
                                                      **fields)
        except DomainError as error:
            form.add_error("code" if objection is None else "name", error.message)
        else:
            messages.success(request, _("Возражение «%(name)s» сохранено.")
                             % {"name": objection.name})
            return redirect("library:objection", pk=objection.pk)
    back = reverse("library:objection", args=[objection.pk]) if objection else \
        reverse("library:index")
    return render(request, "library/edit_form.html", {
        "form": form, "heading": objection.name if objection else _("Новое возражение"),
        "back_url": back,
        "back_label": objection.name if objection else _("Библиотека"),
    })


def _chosen_blocks(request: HttpRequest, groups: list[dict[str, Any]]) -> list[ResponseBlock]:
    """One active block of each kind for the preview: the chosen one (?argument=id) or the first."""
    chosen = []
    for group in groups:
        active = [block for block in group["blocks"] if block.is_active]
        wanted = request.GET.get(group["kind"], "")
        pick = next((block for block in active if str(block.pk) == wanted), None)
        if pick is None and active:
            pick = active[0]
        group["chosen"] = pick
        if pick is not None:
            chosen.append(pick)
    return chosen


def assembled_answer(blocks: Iterable[ResponseBlock]) -> str:
    """The answer an operator says: acknowledge, argument, question, as one text."""
    order = {kind.value: position for position, kind in enumerate(KINDS)}
    return " ".join(block.text.strip() for block in sorted(blocks, key=lambda b: order[b.kind]))


@reader_required
@require_safe
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("theme"), pk=pk)
    can_edit = request.user.has_perm("scripts_library.change_objection")
    blocks = objection.blocks.order_by("-is_active", "order", "id")
    if not can_edit:
        blocks = blocks.filter(is_active=True)
    groups = _blocks_by_kind(blocks.select_related("author"))
    for group in groups:
        group["blocks"].sort(key=lambda block: (not block.is_active, block.order, block.pk))
        active = [block for block in group["blocks"] if block.is_active]
        for block in active:
            block.first = block is active[0]  # type: ignore[attr-defined]
            block.last = block is active[-1]  # type: ignore[attr-defined]
    chosen = _chosen_blocks(request, groups)
    exemplars = ExemplarDialog.objects.filter(
        objections=objection, call__in=Call.objects.visible_to(request.user)
    ).select_related("call")
    return render(request, "library/objection_detail.html", {
        "objection": objection,
        "can_edit": can_edit,
        "phrases": objection.phrases.order_by("-is_active", "id") if can_edit
        else objection.phrases.filter(is_active=True).order_by("id"),
        "groups": groups,
        "answer": assembled_answer(chosen),
        "exemplars": exemplars,
        "call_count": calls_with_objection(request.user, [objection.pk]).get(objection.pk, 0),
    })


@editor_required
@require_POST
def objection_status_view(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    objection = get_object_or_404(Objection, pk=pk)
    if active:
        services.objection_activate(objection=objection, user=request.user)
        messages.success(request, _("Возражение «%(name)s» введено в работу. Чтобы найти его "
                                    "в архиве, запустите повторный поиск.")
                         % {"name": objection.name})
    else:
        services.objection_retire(objection=objection, user=request.user)
        messages.success(request, _("Возражение «%(name)s» выведено из работы.")
                         % {"name": objection.name})
    return redirect("library:objection", pk=objection.pk)


# --- History and restore -------------------------------------------------------------------------


@editor_required
@require_safe
def objection_history(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("theme"), pk=pk)
    return render(request, "library/history.html", {
        "subject": objection, "objection": objection, "versions": versions_of(objection),
        "heading": _("История возражения «%(name)s»") % {"name": objection.name},
        "restore_url_name": "library:objection-restore",
        "blocks": objection.blocks.order_by("kind", "order", "id"),
        "phrases": objection.phrases.order_by("-is_active", "id"),
    })


@editor_required
@require_POST
def objection_restore_view(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    objection = get_object_or_404(Objection, pk=pk)
    try:
        services.objection_restore(objection=objection, history_id=history_id, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Версия восстановлена."))
    return redirect("library:objection-history", pk=objection.pk)


@phrase_editor_required
@require_safe
def phrase_history(request: HttpRequest, pk: int) -> HttpResponse:
    phrase = get_object_or_404(ObjectionPhrase.objects.select_related("objection"), pk=pk)
    return render(request, "library/history.html", {
        "subject": phrase, "objection": phrase.objection, "versions": versions_of(phrase),
        "heading": _("История фразы «%(text)s»") % {"text": phrase.text},
        "restore_url_name": "library:phrase-restore",
    })


@phrase_editor_required
@require_POST
def phrase_restore_view(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    phrase = get_object_or_404(ObjectionPhrase, pk=pk)
    try:
        services.phrase_restore(phrase=phrase, history_id=history_id, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Версия восстановлена."))
    return redirect("library:phrase-history", pk=phrase.pk)


@block_editor_required
@require_safe
def block_history(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(ResponseBlock.objects.select_related("objection"), pk=pk)
    return render(request, "library/history.html", {
        "subject": block, "objection": block.objection, "versions": versions_of(block),
        "heading": _("История блока «%(kind)s»") % {"kind": block.get_kind_display()},
        "restore_url_name": "library:block-restore",
    })


@block_editor_required
@require_POST
def block_restore_view(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    block = get_object_or_404(ResponseBlock, pk=pk)
    try:
        services.block_restore(block=block, history_id=history_id, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Версия восстановлена."))
    return redirect("library:block-history", pk=block.pk)


# --- Trigger phrases and «Проверить фразу» -------------------------------------------------------


@phrase_editor_required
def phrase_form_view(
    request: HttpRequest, objection_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """Add or edit a trigger phrase; «Проверить» shows what it would find, saving nothing."""
    phrase = (get_object_or_404(ObjectionPhrase.objects.select_related("objection"), pk=pk)
              if pk is not None else None)
    objection = phrase.objection if phrase is not None else get_object_or_404(
        Objection, pk=objection_pk)
    initial = None
    if phrase is not None:
        initial = {"text": phrase.text, "speaker": phrase.speaker, "max_gap": phrase.max_gap,
                   "window_kind": phrase.window_kind, "window_seconds": phrase.window_seconds,
                   "is_active": phrase.is_active}
    form = KeyPhraseForm(request.POST or None, initial=initial)
    result = None
    if request.method == "GET" and phrase is not None and "try" in request.GET:
        # «Проверить» next to a saved phrase on the objection's page: its stored settings.
        try:
            result = phrase_try(rule=phrase.rule())
        except PhraseSyntaxError as error:
            # Stored before a stricter engine: say so, and let the trainer fix it here.
            form.add_error(None, str(error).split(" / ", 1)[0])
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "try":
            result = phrase_try_fields(form.cleaned_data)
        else:
            try:
                if phrase is None:
                    services.phrase_add(objection=objection, user=request.user,
                                        **form.cleaned_data)
                else:
                    services.phrase_update(phrase=phrase, user=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("text", error.message)
            else:
                messages.success(request, _("Фраза сохранена. Чтобы найти возражение в архиве по "
                                            "новым фразам, запустите повторный поиск."))
                return redirect(reverse("library:objection", args=[objection.pk]) + "#phrases")
    return render(request, "library/phrase_form.html", {
        "form": form, "objection": objection, "phrase": phrase, "result": result,
        "try_last_calls": TRY_LAST_CALLS,
    })


@phrase_editor_required
@require_POST
def phrase_active_view(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    phrase = get_object_or_404(ObjectionPhrase, pk=pk)
    try:
        services.phrase_update(
            phrase=phrase, text=phrase.text, speaker=phrase.speaker, max_gap=phrase.max_gap,
            window_kind=phrase.window_kind, window_seconds=phrase.window_seconds,
            is_active=active, user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, (_("Фраза «%(text)s» снова действует.") if active
                                   else _("Фраза «%(text)s» отключена.")) % {"text": phrase.text})
    return redirect(reverse("library:objection", args=[phrase.objection_id]) + "#phrases")


# --- Response blocks -----------------------------------------------------------------------------


@block_editor_required
def block_form_view(
    request: HttpRequest, objection_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    block = (get_object_or_404(ResponseBlock.objects.select_related("objection"), pk=pk)
             if pk is not None else None)
    objection = block.objection if block is not None else get_object_or_404(
        Objection, pk=objection_pk)
    initial: dict[str, Any] | None = None
    if block is not None:
        initial = {"kind": block.kind, "text": block.text}
    elif request.GET.get("kind") in ResponseBlock.Kind.values:
        initial = {"kind": request.GET["kind"]}
    form = ResponseBlockForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if block is None:
                block = services.block_create(objection=objection, author=request.user,
                                              **form.cleaned_data)
            else:
                block = services.block_update(block=block, user=request.user,
                                              **form.cleaned_data)
        except DomainError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Блок сохранён."))
            return redirect(reverse("library:objection", args=[objection.pk])
                            + f"#block-{block.pk}")
    return render(request, "library/edit_form.html", {
        "form": form,
        "heading": _("Блок ответа") if block else _("Новый блок ответа"),
        "back_url": reverse("library:objection", args=[objection.pk]),
        "back_label": objection.name,
    })


@block_editor_required
@require_POST
def block_active_view(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    block = get_object_or_404(ResponseBlock, pk=pk)
    if active:
        services.block_activate(block=block, user=request.user)
        messages.success(request, _("Блок снова действует."))
    else:
        services.block_retire(block=block, user=request.user)
        messages.success(request, _("Блок выведен из работы."))
    return redirect(reverse("library:objection", args=[block.objection_id]) + f"#block-{pk}")


@block_editor_required
@require_POST
def block_move_view(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """Move a block one place up (-1) or down (+1) among the objection's blocks of its kind."""
    block = get_object_or_404(ResponseBlock.objects.select_related("objection"), pk=pk)
    # The order the page shows: active blocks first; a block moves among the active ones only.
    siblings = list(ResponseBlock.objects.filter(objection=block.objection_id, kind=block.kind)
                    .order_by("order", "id").values_list("pk", "is_active"))
    siblings.sort(key=lambda sibling: not sibling[1])
    ids = [pk for pk, _active in siblings]
    active = {pk for pk, is_active in siblings if is_active}
    position = ids.index(block.pk)
    other = position + step
    if 0 <= other < len(ids) and ids[other] in active and block.pk in active:
        ids[position], ids[other] = ids[other], ids[position]
        try:
            services.block_reorder(objection=block.objection, kind=block.kind, block_ids=ids,
                                   user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(reverse("library:objection", args=[block.objection_id]) + f"#block-{pk}")
