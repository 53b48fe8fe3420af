"""The review pages: /taxonomy/review/ (the months), one review with its suggestions and the
calls behind each figure. Admins decide and apply; trainers may read (they label calls and write
phrases, and see every call anyway); managers and operators see none of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call, ReviewSuggestion, Segment, TagCategory, TaxonomyReview
from calls.taxonomy.review import services
from project.errors import DomainError
from project.roles import Role, has_role

CALLS_PER_PAGE = 25

# What each evidence set of a payload counts, as the calls page heads it.
EVIDENCE_LABELS = {
    "calls": _("звонки"),
    "last": _("последний звонок с тегом"),
    "disagreed": _("звонки, где разметчики разошлись"),
    "items": _("звонки, размеченные несколькими разметчиками"),
    "both": _("звонки с обоими тегами"),
}

View = Callable[..., HttpResponse]


def _role_required(*roles: Role) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


readers = _role_required(Role.ADMIN, Role.TRAINER)
deciders = _role_required(Role.ADMIN)


@readers
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    pending = Count("suggestions", filter=Q(suggestions__status=ReviewSuggestion.Status.PENDING))
    reviews = TaxonomyReview.objects.annotate(total=Count("suggestions"), pending=pending)
    return render(request, "taxonomy/review/list.html", {"reviews": reviews})


@readers
@require_safe
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(TaxonomyReview, pk=pk)
    suggestions = list(
        review.suggestions.select_related("decided_by").prefetch_related("tags__category")
    )
    sections = [
        {"kind": kind, "label": label, "suggestions": [s for s in suggestions if s.kind == kind]}
        for kind, label in ReviewSuggestion.Kind.choices
    ]
    return render(
        request,
        "taxonomy/review/detail.html",
        {
            "review": review,
            "sections": sections,
            "may_decide": has_role(request.user, Role.ADMIN),
            "categories": TagCategory.objects.all(),
            "to_apply": sum(
                1
                for s in suggestions
                if s.status == ReviewSuggestion.Status.ACCEPTED and s.applied_at is None
            ),
        },
    )


@readers
@require_safe
def suggestion_calls(request: HttpRequest, pk: int, evidence: str) -> HttpResponse:
    """The calls behind one figure of a suggestion, each opened at its moment."""
    suggestion = get_object_or_404(ReviewSuggestion.objects.select_related("review"), pk=pk)
    rows = (suggestion.payload.get("evidence") or {}).get(evidence)
    if rows is None:
        raise Http404
    visible = set(
        Call.objects.visible_to(request.user)
        .filter(pk__in=[c for c, _t in rows])
        .values_list("pk", flat=True)
    )
    rows = [(call, t) for call, t in rows if call in visible]
    page = Paginator(rows, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    moments = list(page.object_list)
    calls = Call.objects.select_related("operator", "line").in_bulk([c for c, _t in moments])
    texts = _moment_texts(moments)
    items = [
        {"call": calls[call], "t": t, "text": texts.get((call, t), "")}
        for call, t in moments
        if call in calls
    ]
    return render(
        request,
        "taxonomy/review/calls.html",
        {
            "suggestion": suggestion,
            "review": suggestion.review,
            "page": page,
            "items": items,
            "label": EVIDENCE_LABELS.get(evidence, evidence),
        },
    )


def _moment_texts(moments: list[tuple[int, float | None]]) -> dict[tuple[int, float], str]:
    """The words said at each moment: the segment of the call that starts there."""
    wanted = {(call, t) for call, t in moments if t is not None}
    if not wanted:
        return {}
    segments = Segment.objects.filter(call_id__in={call for call, _t in wanted})
    texts: dict[tuple[int, float], str] = {}
    for call_id, start, text in segments.values_list("call_id", "start", "text"):
        key = (call_id, round(start, 1))
        if key in wanted:
            texts.setdefault(key, text)
    return texts


def _back(suggestion: ReviewSuggestion) -> HttpResponse:
    return redirect(
        reverse("taxonomy:review", args=[suggestion.review_id]) + f"#suggestion-{suggestion.pk}"
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # deciders are signed in
    return request.user


@deciders
@require_POST
def suggestion_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(ReviewSuggestion, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Выберите: принять или отклонить."))
        return _back(suggestion)
    category = None
    if request.POST.get("category"):
        category = (
            TagCategory.objects.filter(pk=request.POST["category"]).first()
            if (request.POST["category"].isdigit())
            else None
        )
        if category is None:
            messages.error(request, _("Такой категории нет."))
            return _back(suggestion)
    try:
        services.suggestion_decide(
            suggestion=suggestion,
            accept=decision == "accept",
            user=_user(request),
            category=category,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Принято: примените принятые предложения.")
            if decision == "accept"
            else _("Отклонено."),
        )
    return _back(suggestion)


@deciders
@require_POST
def review_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(TaxonomyReview, pk=pk)
    try:
        applied = services.review_apply(review=review, user=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("taxonomy:review", pk=review.pk)
    if not applied.suggestions:
        messages.info(request, _("Применять нечего: все принятые предложения уже применены."))
    else:
        messages.success(
            request, _("Применено предложений: %(count)s.") % {"count": len(applied.suggestions)}
        )
    if applied.run is not None:
        messages.success(request, _("Запущен повторный анализ архива."))
    elif applied.reanalysis_note:
        messages.warning(request, applied.reanalysis_note)
    return redirect("taxonomy:review", pk=review.pk)
