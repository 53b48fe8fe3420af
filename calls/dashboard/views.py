"""The manager's home page (docs/dashboard.md): figures with trends and sparklines, top problems,
open findings, and the figures per line and per team. Managers see their teams' calls, trainers
and admins every call, an operator their own calls' figures only; others are refused."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from calls.dashboard.chart import sparkline_svg
from calls.dashboard.formats import display_value
from calls.dashboard.forms import DashboardFilterForm
from calls.dashboard.queries import (
    DASHBOARD_METRICS,
    Dashboard,
    dashboard,
    default_period,
    reads_dashboard,
)
from calls.taxonomy.problems.links import calls_url as problem_calls_url


def _context(board: Dashboard) -> dict[str, Any]:
    return {
        "board": board,
        "metrics": DASHBOARD_METRICS,
        "cards": [
            {
                "figure": figure,
                "value": display_value(figure.metric, figure.value),
                "previous": display_value(figure.metric, figure.previous_value),
                "chart": sparkline_svg(figure),
            }
            for figure in board.figures
        ],
        "problems": [
            {"problem": problem, "calls_url": problem_calls_url(board.scope, tag=problem.tag)}
            for problem in board.problems.problems
        ],
        "tables": [
            {
                "kind": kind,
                "title": title,
                "heading": heading,
                "rows": [
                    {
                        "row": row,
                        "cells": [
                            {"cell": cell, "value": display_value(cell.metric, cell.value)}
                            for cell in row.cells
                        ],
                    }
                    for row in rows
                ],
            }
            for kind, title, heading, rows in (
                ("line", _("По линиям"), _("Линия"), board.by_line),
                ("team", _("По командам"), _("Команда"), board.by_team),
            )
            if rows is not None
        ],
    }


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not reads_dashboard(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return render(request, "dashboard/home.html", {"form": form}, status=400)
    now = timezone.now()
    today = timezone.localdate(now)
    if form.is_bound:
        period = form.period(today=today)
        line, team = form.cleaned_data.get("line"), form.cleaned_data.get("team")
    else:
        period, line, team = default_period(today), None, None
        form = DashboardFilterForm(
            initial={"date_from": period.date_from, "date_to": period.date_to}, user=request.user
        )
    board = dashboard(user=request.user, period=period, line=line, team=team, now=now)
    return render(request, "dashboard/home.html", {"form": form, **_context(board)})
