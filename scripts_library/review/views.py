"""The review pages for trainers: /library/reviews/, one review with its suggestions, and the
calls behind each number of a suggestion. Every reader sees them recounted over the calls they
may see (review/visibility.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call
from project.errors import DomainError
from scripts_library.models import LibraryReview, ReviewSuggestion
from scripts_library.review import services
from scripts_library.review.visibility import (
    SET_LABELS,
    moment_texts,
    name_examples,
    seen,
    seen_calls,
    seen_suggestions,
    visibility_for,
)

CALLS_PER_PAGE = 25


@login_required
@permission_required("scripts_library.view_libraryreview", raise_exception=True)
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = list(LibraryReview.objects.all())
    for review in reviews:
        review.seen_count = len(seen_suggestions(review, request.user))  # type: ignore[attr-defined]
        review.seen_calls = seen_calls(review, request.user)  # type: ignore[attr-defined]
    return render(request, "library/reviews.html", {"reviews": reviews})


@login_required
@permission_required("scripts_library.view_libraryreview", raise_exception=True)
@require_safe
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(LibraryReview, pk=pk)
    suggestions = seen_suggestions(review, request.user)
    name_examples(suggestions)
    sections = [
        {"kind": kind, "label": label,
         "suggestions": [s for s in suggestions if s.kind == kind]}
        for kind, label in ReviewSuggestion.Kind.choices
    ]
    return render(request, "library/review_detail.html", {
        "review": review, "sections": sections, "calls": seen_calls(review, request.user),
        "may_decide": request.user.has_perm("scripts_library.change_reviewsuggestion"),
    })


@login_required
@permission_required("scripts_library.view_libraryreview", raise_exception=True)
@require_safe
def suggestion_calls(request: HttpRequest, pk: int, evidence: str) -> HttpResponse:
    """The calls behind one number of a suggestion, each opened at its moment."""
    suggestion = get_object_or_404(ReviewSuggestion.objects.select_related("review"), pk=pk)
    shown = seen(suggestion, visibility_for(request.user, [suggestion]))
    if shown is None or evidence not in shown.evidence:
        raise Http404
    rows = shown.evidence[evidence]
    page = Paginator(rows, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    moments = list(page.object_list)
    calls = Call.objects.select_related("operator", "line").in_bulk([c for c, _t in moments])
    texts = moment_texts(moments)
    items: list[dict[str, Any]] = [
        {"call": calls[call], "t": t, "text": texts.get((call, t), "") if t is not None else ""}
        for call, t in moments if call in calls
    ]
    return render(request, "library/review_calls.html", {
        "suggestion": suggestion, "review": suggestion.review, "page": page, "items": items,
        "label": SET_LABELS.get(evidence, evidence),
    })


@login_required
@permission_required("scripts_library.change_reviewsuggestion", raise_exception=True)
@require_POST
def suggestion_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(ReviewSuggestion, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Выберите: принять или отклонить."))
    else:
        try:
            services.suggestion_decide(suggestion=suggestion, accept=decision == "accept",
                              user=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Принято и применено.") if decision == "accept"
                             else _("Отклонено."))
    return redirect(reverse("library:review", args=[suggestion.review_id])
                    + f"#suggestion-{suggestion.pk}")
