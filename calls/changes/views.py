"""The pages of changes: the list with verdicts, registering one, and one change's figures
(docs/changes.md). Managers see their teams' calls, trainers and admins every call."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from calls.changes.access import (
    changes_reader_required,
    changes_registrar_required,
    registers_changes,
)
from calls.changes.evaluation import change_evaluation
from calls.changes.forms import ChangeForm
from calls.changes.links import window_calls_url
from calls.changes.services import change_register
from calls.changes.table import shown_rows
from calls.changes.verdicts import verdict_settled
from calls.models import Change

CHANGES_PER_PAGE = 20


@changes_reader_required
@require_safe
def change_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(
        Change.objects.select_related("created_by").prefetch_related("lines", "tags"),
        CHANGES_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    entries = [
        {
            "change": change,
            # A settled change shows its kept verdict: a page of changes computes only the open
            # ones' figures (each is a few aggregate queries over its windows).
            "evaluation": None if verdict_settled(change) else change_evaluation(
                change=change, now=now, user=request.user, daily=False
            ),
        }
        for change in page.object_list
    ]
    return render(
        request,
        "changes/list.html",
        {"page": page, "entries": entries, "can_register": registers_changes(request.user)},
    )


@changes_registrar_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_create(request: HttpRequest) -> HttpResponse:
    form = ChangeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            change = change_register(by=request.user, **form.register_kwargs())  # type: ignore[arg-type]
            messages.success(request, "Изменение зарегистрировано.")
            return redirect("changes:detail", pk=change.pk)
        return render(request, "changes/form.html", {"form": form}, status=400)
    return render(request, "changes/form.html", {"form": form})


@changes_reader_required
@require_safe
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(
        Change.objects.select_related("created_by").prefetch_related("lines", "tags"), pk=pk
    )
    evaluation = change_evaluation(change=change, now=timezone.now(), user=request.user)
    rows = shown_rows(evaluation)
    return render(
        request,
        "changes/detail.html",
        {
            "change": change,
            "evaluation": evaluation,
            "rows": rows,
            "primary_rows": [shown for shown in rows if shown.row.primary],
            "other_rows": [shown for shown in rows if not shown.row.primary],
            "before_url": window_calls_url(
                date_from=evaluation.before.date_from, date_to=evaluation.before.date_to,
                lines=evaluation.lines,
            ),
            "after_url": window_calls_url(
                date_from=evaluation.after.date_from, date_to=evaluation.after.date_to,
                lines=evaluation.lines,
            ),
        },
    )
