"""GET /api/v1/library/reviews/ and /api/v1/library/reviews/<id>/: the monthly library reviews
for programs, read as the pages read them (review/visibility.py): each suggestion's counts and
example calls are recounted over the calls the reader may see, and a suggestion drawn from calls
they may not see is left out. Deciding stays on the page (a trainer's judgement)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from scripts_library.models import LibraryReview, ReviewSuggestion
from scripts_library.review.visibility import SeenSuggestion, seen_calls, seen_suggestions


class ReviewReaders(permissions.BasePermission):
    """Who reads the reviews on the pages (view_libraryreview: trainers, managers, admins)."""

    message = _("Обзоры библиотеки доступны тренерам, руководителям и администраторам.")
    reads_need_permission = True  # the schema documents 403 (project/api_schema.py)

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("scripts_library.view_libraryreview"))


class ReviewCallsOutput(serializers.Serializer):
    total = serializers.IntegerField(help_text="Проанализированных звонков продаж за период "
                                               "(«продажа» и «без продажи»), видимых вам.")
    sale = serializers.IntegerField(help_text="Из них с продажей.")
    no_sale = serializers.IntegerField(help_text="Из них без продажи.")


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text="open (ждёт решений) или closed (всё решено).")
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    calls = ReviewCallsOutput(help_text="Звонки периода, видимые вам.")
    suggestion_count = serializers.IntegerField(help_text="Предложений, видимых вам.")
    url = serializers.CharField(help_text="Страница обзора.")


class ReviewExampleOutput(serializers.Serializer):
    call = serializers.IntegerField(help_text="id звонка.")
    t = serializers.FloatField(allow_null=True, help_text="Секунда момента в звонке.")
    text = serializers.CharField(help_text="Что сказано в этот момент.")


class ReviewEvidenceOutput(serializers.Serializer):
    call = serializers.IntegerField(help_text="id звонка.")
    t = serializers.FloatField(allow_null=True,
                               help_text="Секунда момента; null, если число считает звонки.")


class ReviewSuggestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReviewSuggestion.Kind.choices)
    title = serializers.CharField()
    score = serializers.FloatField()
    status = serializers.CharField(help_text="pending, accepted или rejected.")
    decided_by = serializers.CharField(allow_null=True, help_text="Логин решившего.")
    decided_at = serializers.DateTimeField(allow_null=True)
    details = serializers.DictField(
        help_text="Подробности по виду предложения (фраза, текст блока, код возражения) и "
                  "числа, пересчитанные по видимым вам звонкам: call_count; together_calls, "
                  "found_calls, extra_calls; calls_with, sales, siblings_calls, siblings_sales.")
    examples = ReviewExampleOutput(many=True, help_text="До 10 видимых вам звонков с цитатой.")
    evidence = serializers.DictField(
        child=ReviewEvidenceOutput(many=True),
        help_text="Для каждого числа — все видимые вам звонки за ним: calls, together, found, "
                  "sales, siblings_calls, siblings_sales.")


class ReviewDetailOutput(ReviewOutput):
    suggestions = ReviewSuggestionOutput(many=True)


def _review(review: LibraryReview, request: Request,
            suggestions: list[SeenSuggestion] | None = None) -> dict[str, Any]:
    shown = suggestions if suggestions is not None else seen_suggestions(review, request.user)
    return {"id": review.pk, "period_start": review.period_start,
            "period_end": review.period_end, "status": review.status,
            "created_at": review.created_at, "closed_at": review.closed_at,
            "calls": seen_calls(review, request.user), "suggestion_count": len(shown),
            "url": request.build_absolute_uri(reverse("library:review", args=[review.pk]))}


_DETAIL_SKIP = {"calls", "together", "evidence", "text_call"}


def _suggestion(item: SeenSuggestion) -> dict[str, Any]:
    suggestion = item.suggestion
    return {
        "id": suggestion.pk, "kind": suggestion.kind, "title": suggestion.title,
        "score": suggestion.score, "status": suggestion.status,
        "decided_by": suggestion.decided_by.get_username() if suggestion.decided_by else None,
        "decided_at": suggestion.decided_at,
        "details": {k: v for k, v in item.payload.items() if k not in _DETAIL_SKIP},
        "examples": [{"call": e["call"], "t": e.get("t"), "text": e.get("text", "")}
                     for e in item.payload.get("calls") or []],
        "evidence": {name: [{"call": call, "t": t} for call, t in rows]
                     for name, rows in item.evidence.items()},
    }


class ReviewListApi(generics.ListAPIView):
    """The reviews, newest period first, with what the reader may see of each."""

    permission_classes = [permissions.IsAuthenticated, ReviewReaders]
    serializer_class = ReviewOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return LibraryReview.objects.all()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = [_review(review, request) for review in (page or [])]
        return self.get_paginated_response(ReviewOutput(rows, many=True).data)


class ReviewDetailApi(APIView):
    """One review with its suggestions as the reader may see them."""

    permission_classes = [permissions.IsAuthenticated, ReviewReaders]

    @extend_schema(responses={200: ReviewDetailOutput})
    def get(self, request: Request, pk: int) -> Response:
        review = get_object_or_404(LibraryReview, pk=pk)
        shown = seen_suggestions(review, request.user)
        data = {**_review(review, request, shown),
                "suggestions": [_suggestion(item) for item in shown]}
        return Response(ReviewDetailOutput(data).data)
