"""The review pages for trainers: /library/reviews/ and one review with its suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from project.errors import DomainError
from scripts_library.models import LibraryReview, ReviewSuggestion
from scripts_library.review import services


@login_required
@permission_required("scripts_library.view_libraryreview", raise_exception=True)
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = LibraryReview.objects.all()
    return render(request, "library/reviews.html", {"reviews": reviews})


@login_required
@permission_required("scripts_library.view_libraryreview", raise_exception=True)
@require_safe
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(LibraryReview, pk=pk)
    suggestions = review.suggestions.select_related("decided_by")
    sections = [
        {"kind": kind, "label": label,
         "suggestions": [s for s in suggestions if s.kind == kind]}
        for kind, label in ReviewSuggestion.Kind.choices
    ]
    return render(request, "library/review_detail.html", {
        "review": review, "sections": sections,
        "may_decide": request.user.has_perm("scripts_library.change_reviewsuggestion"),
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
