"""GET /api/v1/dashboard/: the dashboard's figures as JSON for a BI tool (docs/dashboard.md)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.dashboard.queries import Cell, Dashboard, Row, dashboard, reads_dashboard
from calls.dashboard.serializers import DashboardOutput, DashboardQuery
from calls.taxonomy.problems.links import calls_url as problem_calls_url
from calls.taxonomy.problems.scope import Period
from calls.taxonomy.problems.serializers import refuse_empty


class DashboardReaders(permissions.BasePermission):
    message = _("Обзор доступен операторам (свои звонки), руководителям, тренерам и "
                "администраторам.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return reads_dashboard(request.user)


def _url(name: str, *args: Any) -> str | None:
    # The findings pages are another part of the product: linked once they exist.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _period(period: Period) -> dict[str, Any]:
    return {"date_from": period.date_from, "date_to": period.date_to}


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "code": cell.metric.code, "value": cell.value, "measured": cell.measured,
        "trend": cell.trend.direction, "better": cell.trend.better, "calls_url": cell.calls_url,
    }


def _row(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": row.label, "analysed_calls": row.analysed, "calls_url": row.calls_url,
        "figures": [_cell(cell) for cell in row.cells],
    }
    if row.line is not None:
        data["line"] = row.line.code
    if row.team is not None:
        data["team"] = row.team.pk
    return data


def dashboard_data(board: Dashboard, *, today: Any) -> dict[str, Any]:
    findings = board.findings
    return {
        "period": _period(board.scope.period),
        "previous_period": _period(board.previous_scope.period),
        "line": board.scope.line.code if board.scope.line else None,
        "team": board.scope.team.pk if board.scope.team else None,
        "own_calls_only": board.own_calls_only,
        "analysed_calls": board.analysed,
        "previous_analysed_calls": board.previous_analysed,
        "calls_url": board.analysed_url,
        "figures": [
            {
                "code": figure.metric.code,
                "name": str(figure.metric.label),
                "kind": str(figure.metric.kind),
                "unit": str(figure.metric.unit),
                "lower_is_better": figure.metric.lower_is_better,
                "value": figure.value,
                "measured": figure.measured,
                "previous_value": figure.previous_value,
                "previous_measured": figure.previous_measured,
                "trend": {
                    "direction": figure.trend.direction,
                    "better": figure.trend.better,
                    "word": figure.trend.word,
                    "arrow": figure.trend.arrow,
                    "p_value": figure.trend.p_value,
                    "test": figure.trend.test,
                },
                "series": [
                    {**_period(point.period), "value": point.value, "measured": point.measured,
                     "calls_url": point.calls_url}
                    for point in figure.series
                ],
                "calls_url": figure.calls_url,
                "previous_calls_url": figure.previous_calls_url,
            }
            for figure in board.figures
        ],
        "top_problems": [
            {
                "tag": problem.tag.code, "name": problem.tag.name, "calls": problem.calls,
                "share": problem.share, "previous_calls": problem.previous_calls,
                "trend": problem.trend,
                "calls_url": problem_calls_url(board.scope, tag=problem.tag),
            }
            for problem in board.problems.problems
        ],
        "findings": None if findings is None else {
            "open": findings.open, "new": findings.new, "in_progress": findings.in_progress,
            "overdue": findings.overdue, "board_url": _url("findings:board"),
            "nearest": [
                {
                    "id": finding.pk, "title": finding.title,
                    "department": finding.department.name, "status": finding.status,
                    "due_on": finding.due_on, "overdue": finding.due_on < today,
                    "url": _url("findings:detail", finding.pk),
                }
                for finding in findings.nearest
            ],
        },
        "by_line": [_row(row) for row in board.by_line],
        "by_team": None if board.by_team is None else [_row(row) for row in board.by_team],
    }


class DashboardApi(APIView):
    """The manager's dashboard as JSON: hot share, first-contact resolution, time to resolution,
    silence and handling time with the number of calls measured, the previous period, the trend,
    a series and the address of the calls behind each; the top problems; the open findings; the
    same figures per line and per team. An operator gets their own calls' figures only."""

    permission_classes = [DashboardReaders]

    @extend_schema(parameters=[DashboardQuery], responses={200: DashboardOutput})
    def get(self, request: Request) -> Response:
        refuse_empty(request.query_params, ("date_from", "date_to", "line", "team"))
        query = DashboardQuery(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        now = timezone.now()
        board = dashboard(
            user=request.user,
            period=query.validated_data["period"],
            line=query.validated_data.get("line"),
            team=query.validated_data.get("team"),
            now=now,
        )
        data = dashboard_data(board, today=timezone.localdate(now))
        return Response(DashboardOutput(data).data)
