"""The changes API (/api/v1/changes/): the list with verdicts, one change with its evaluation,
and registering one (docs/changes.md). The figures count the calls the reader may see: a
manager's their teams', a trainer's or admin's every call. Operators and department members get
403, as on the pages; registering is for managers and admins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.changes.access import ChangesReaders
from calls.changes.evaluation import change_evaluation
from calls.changes.serializers import (
    ChangeDetailOutput,
    ChangeInput,
    ChangeSummaryOutput,
    change_data,
    evaluation_data,
)
from calls.changes.services import change_register
from calls.models import Change
from project.api_parsers import JsonParser


def _changes() -> QuerySet[Change]:
    return Change.objects.select_related("created_by").prefetch_related("lines", "tags")


def _detail(change: Change, request: Request) -> dict[str, Any]:
    evaluation = change_evaluation(change=change, now=timezone.now(), user=request.user)
    return {**change_data(change), "evaluation": evaluation_data(evaluation)}


class ChangeListCreateApi(generics.ListAPIView):
    """GET: the changes, newest first, each with its verdict over the calls you may see.
    POST: register a change (managers and admins)."""

    serializer_class = ChangeSummaryOutput
    permission_classes = [permissions.IsAuthenticated, ChangesReaders]
    parser_classes = [JsonParser]

    def get_queryset(self) -> QuerySet[Change]:
        return _changes()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the API paginates every list
        now = timezone.now()
        rows = []
        for change in page:
            evaluation = change_evaluation(change=change, now=now, user=request.user,
                                           daily=False)
            rows.append({**change_data(change), "verdict": str(evaluation.verdict),
                         "verdict_text": evaluation.verdict_text})
        return self.get_paginated_response(rows)

    @extend_schema(responses={200: ChangeSummaryOutput(many=True)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ChangeInput, responses={201: ChangeDetailOutput},
        examples=[OpenApiExample("Упростили голосовое меню", request_only=True, value={
            "title": "Упростили голосовое меню", "changed_on": "2026-03-15",
            "lines": ["support"], "tags": ["navigation"], "window_days": 14})],
    )
    def post(self, request: Request) -> Response:
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        user = request.user
        change = change_register(
            title=fields["title"], description=fields.get("description", ""),
            changed_on=fields["changed_on"], lines=fields.get("lines", []),
            tags=fields.get("tags", []), window_days=fields["window_days"],
            by=user if isinstance(user, User) else None,
        )
        return Response(_detail(_changes().get(pk=change.pk), request),
                        status=status.HTTP_201_CREATED)


class ChangeDetailApi(APIView):
    """One change with its evaluation: every figure before and after, the difference with its
    95% interval, the test and its p (raw and Holm-adjusted), the effect size, the daily series,
    the verdict, and the calls behind each number."""

    permission_classes = [permissions.IsAuthenticated, ChangesReaders]

    @extend_schema(responses={200: ChangeDetailOutput})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(get_object_or_404(_changes(), pk=pk), request))
