"""The taxonomy editor (admins only): categories, tags, phrases, "try this phrase" and the
re-analysis of the archive; and the manual tags of a call (from the call page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call, KeyPhrase, ReanalysisRun, Tag, TagCategory, WindowKind
from calls.phrase_runtime.forms import KeyPhraseForm, PhraseTryForm
from calls.phrase_runtime.tryout import TRY_LAST_CALLS, phrase_try_fields
from calls.reanalysis_views import ReanalysisTarget, run_state
from calls.taxonomy.forms import CallTagForm, TagCategoryForm, TagForm
from calls.taxonomy.services import (
    call_tag_add,
    call_tag_remove,
    category_create,
    category_update,
    phrase_create,
    phrase_delete,
    phrase_update,
    tag_create,
    tag_set_active,
    tag_update,
)
from calls.taxonomy.tagging import TAGS_ANALYSER, taxonomy_changed_after_tagging
from project.errors import DomainError
from project.roles import Role, admin_required, has_role

# The tag editor's re-analysis (calls/reanalysis_views.py, routed from calls/taxonomy/urls.py):
# the tags analyser, for admins; its card shows the latest run of any analyser.
TAGS_REANALYSIS = ReanalysisTarget(
    analyser=TAGS_ANALYSER,
    allowed=lambda user: has_role(user, Role.ADMIN),
    started=gettext_lazy("Повторный анализ запущен."),
    back="taxonomy:index",
    latest_run=lambda: ReanalysisRun.objects.first(),
    needs_reanalysis=lambda run: taxonomy_changed_after_tagging(),
)


@admin_required
@require_safe
def taxonomy_index(request: HttpRequest) -> HttpResponse:
    phrases = KeyPhrase.objects.order_by("-is_active", "id")
    tags = Tag.objects.prefetch_related(Prefetch("phrases", queryset=phrases)).order_by(
        "-is_active", "name"
    )
    categories = TagCategory.objects.prefetch_related(Prefetch("tags", queryset=tags))
    run = ReanalysisRun.objects.first()
    return render(
        request,
        "taxonomy/index.html",
        {
            "categories": categories,
            "run": run,
            "run_state": run_state(run),
            "needs_reanalysis": taxonomy_changed_after_tagging(),
            "category_form": TagCategoryForm(),
        },
    )


# --- Categories ----------------------------------------------------------------------------------


@admin_required
def category_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(TagCategory, pk=pk) if pk is not None else None
    initial = ({"name": category.name, "description": category.description,
                "order": category.order, "is_problem": category.is_problem}
               if category else None)
    form = TagCategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if category is None:
                category_create(**form.cleaned_data)
            else:
                category_update(category=category, **form.cleaned_data)
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("Категория сохранена."))
            return redirect("taxonomy:index")
    heading = category.name if category else _("Новая категория")
    return render(request, "taxonomy/edit_form.html", {"form": form, "heading": heading})


# --- Tags ----------------------------------------------------------------------------------------


@admin_required
def tag_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk) if pk is not None else None
    initial: dict[str, Any] | None = None
    if tag is not None:
        initial = {"code": tag.code, "name": tag.name, "description": tag.description,
                   "category": tag.category_id}
    elif request.GET.get("category"):
        initial = {"category": request.GET["category"]}
    form = TagForm(request.POST or None, initial=initial, editing=tag is not None)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            if tag is None:
                tag = tag_create(**fields)
            else:
                fields.pop("code")
                tag_update(tag=tag, **fields)
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Тег «%(name)s» сохранён.") % {"name": tag.name})
            return redirect("taxonomy:index")
    heading = tag.name if tag else _("Новый тег")
    return render(request, "taxonomy/edit_form.html", {"form": form, "heading": heading})


@admin_required
@require_POST
def tag_active_view(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    tag = tag_set_active(tag=get_object_or_404(Tag, pk=pk), active=active)
    if active:
        messages.success(request, _("Тег «%(name)s» снова действует.") % {"name": tag.name})
    else:
        messages.success(request, _("Тег «%(name)s» выведен из работы.") % {"name": tag.name})
    return redirect("taxonomy:index")


# --- Phrases and "try this phrase" ---------------------------------------------------------------


@admin_required
def phrase_form_view(
    request: HttpRequest, tag_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """Add or edit a phrase. The "Проверить" button shows what it would find, saving nothing."""
    phrase = get_object_or_404(KeyPhrase.objects.select_related("tag"), pk=pk) if pk else None
    tag = phrase.tag if phrase is not None else get_object_or_404(Tag, pk=tag_pk)
    initial = None
    if phrase is not None:
        initial = {"text": phrase.text, "speaker": phrase.speaker, "max_gap": phrase.max_gap,
                   "window_kind": phrase.window_kind, "window_seconds": phrase.window_seconds,
                   "is_active": phrase.is_active}
    form = KeyPhraseForm(request.POST or None, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "try":
            result = phrase_try_fields(form.cleaned_data)
        else:
            try:
                if phrase is None:
                    phrase_create(tag=tag, **form.cleaned_data)
                else:
                    phrase_update(phrase=phrase, **form.cleaned_data)
            except DomainError as error:
                form.add_error("text", error.message)
            else:
                messages.success(request, _("Фраза сохранена. Чтобы пересчитать теги архива, "
                                            "запустите повторный анализ."))
                return redirect("taxonomy:index")
    return render(
        request,
        "taxonomy/phrase_form.html",
        {"form": form, "tag": tag, "phrase": phrase, "result": result,
         "try_last_calls": TRY_LAST_CALLS},
    )


@admin_required
@require_POST
def phrase_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    phrase = get_object_or_404(KeyPhrase, pk=pk)
    phrase_delete(phrase=phrase)
    messages.success(request, _("Фраза «%(text)s» удалена.") % {"text": phrase.text})
    return redirect("taxonomy:index")


@admin_required
@require_safe
def phrase_try_view(request: HttpRequest) -> HttpResponse:
    """Try a phrase without a tag (GET, so a result can be bookmarked or shared)."""
    form = PhraseTryForm(request.GET or None,
                         initial={"window_kind": WindowKind.NONE, "max_gap": 1})
    result = phrase_try_fields(form.cleaned_data) if request.GET and form.is_valid() else None
    return render(request, "taxonomy/try.html",
                  {"form": form, "result": result, "try_last_calls": TRY_LAST_CALLS})


# --- Manual tags of a call -----------------------------------------------------------------------


def _call_for_tagging(request: HttpRequest, call_pk: int, permission: str) -> Call:
    # The same rule as the API (calls/api/taxonomy_views.py): the permission, then the call.
    if not request.user.has_perm(permission):
        raise PermissionDenied
    # A call the user may not see does not exist for them: 404, never 403.
    return get_object_or_404(Call.objects.visible_to(request.user), pk=call_pk)


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def _back_to_tags(call: Call) -> HttpResponse:
    return redirect(reverse("calls:detail", args=[call.pk]) + "#call-tags-title")


@login_required
@require_POST
def call_tag_add_view(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _call_for_tagging(request, call_pk, "calls.add_calltag")
    form = CallTagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите действующий тег из списка."))
        return _back_to_tags(call)
    tag = form.cleaned_data["tag"]
    try:
        _call_tag, created = call_tag_add(call=call, tag=tag, user=_signed_in(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, _("Тег «%(name)s» добавлен.") % {"name": tag.name})
        else:
            messages.info(request, _("Тег «%(name)s» уже добавлен вручную.") % {"name": tag.name})
    return _back_to_tags(call)


@login_required
@require_POST
def call_tag_remove_view(request: HttpRequest, call_pk: int, code: str) -> HttpResponse:
    call = _call_for_tagging(request, call_pk, "calls.delete_calltag")
    tag = get_object_or_404(Tag, code=code)
    if call_tag_remove(call=call, tag=tag, user=_signed_in(request)):
        messages.success(request, _("Тег «%(name)s» снят; повторный анализ его не вернёт.")
                         % {"name": tag.name})
    else:
        messages.info(request, _("У звонка нет тега «%(name)s».") % {"name": tag.name})
    return _back_to_tags(call)
