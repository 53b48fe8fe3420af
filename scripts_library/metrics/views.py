"""The metrics page for trainers (/library/metrics/) and the calls behind each number."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from project.roles import Role, has_role
from project.stats.intervals import Interval
from scripts_library.metrics.forms import MetricsCallsForm, MetricsForm
from scripts_library.metrics.queries import (
    BlockMetrics,
    MetricsFilter,
    block_metrics,
    measured_calls,
    objection_metrics,
    rank_key,
    theme_metrics,
)

CALLS_PER_PAGE = 25


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def interval_text(interval: Interval | None) -> str:
    return "" if interval is None else f"{interval.low * 100:.0f}–{interval.high * 100:.0f}%"


def seconds_text(value: float | None) -> str:
    if value is None:
        return "—"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}:{seconds:02d}"


def filter_query(metrics_filter: MetricsFilter) -> str:
    """The filters as a query string, carried into every «open the calls» link."""
    params: dict[str, Any] = {}
    if metrics_filter.date_from:
        params["date_from"] = metrics_filter.date_from.isoformat()
    if metrics_filter.date_to:
        params["date_to"] = metrics_filter.date_to.isoformat()
    if metrics_filter.line:
        params["line"] = metrics_filter.line.code
    if metrics_filter.team:
        params["team"] = metrics_filter.team.pk
    if metrics_filter.operator:
        params["operator"] = metrics_filter.operator.pk
    return urlencode(params)


def _block_rows(blocks: list[BlockMetrics]) -> list[dict[str, Any]]:
    ordered = sorted(blocks, key=lambda m: (m.block.objection.name, m.block.objection_id,
                                            m.block.kind, *rank_key(m)))
    return [{"metrics": m, "conversion": percent(m.conversion),
             "interval": interval_text(m.interval),
             "bar": round((m.interval.low if m.interval else 0) * 100)} for m in ordered]


@login_required
@require_safe
def metrics_page(request: HttpRequest) -> HttpResponse:
    form = MetricsForm(request.GET or None, user=request.user)
    valid = form.is_valid() if request.GET else True
    metrics_filter = form.metrics_filter() if request.GET and valid else MetricsFilter()
    context: dict[str, Any] = {"form": form, "query": filter_query(metrics_filter),
                               "sees_others": has_role(request.user, Role.TRAINER,
                                                       Role.MANAGER, Role.ADMIN)}
    if valid:
        calls = measured_calls(request.user, metrics_filter)
        groups = {"objections": objection_metrics(calls), "themes": theme_metrics(calls)}
        for name, rows in groups.items():
            context[name] = [{"metrics": m, "conversion": percent(m.conversion),
                              "interval": interval_text(m.interval),
                              "bar": round((m.conversion or 0) * 100),
                              "repeated_rate": percent(m.repeated_rate),
                              "aht_with": seconds_text(m.aht_with),
                              "aht_without": seconds_text(m.aht_without)} for m in rows]
        context["blocks"] = _block_rows(
            [m for m in block_metrics(request.user, metrics_filter) if m.inserted]
        )
        context["calls_total"] = calls.count()
    return render(request, "library/metrics.html", context)


@login_required
@require_safe
def metrics_calls(request: HttpRequest) -> HttpResponse:
    form = MetricsCallsForm(request.GET, user=request.user)
    page = None
    title = _("Звонки")
    if form.is_valid():
        data = form.cleaned_data
        group = data.get("objection") or data.get("theme") or data.get("block")
        if group is None:
            title = _("Проанализированные звонки в выборке")
        elif data.get("without"):
            title = _("Звонки без: %s") % group
        else:
            title = _("Звонки: %s") % group
        page = Paginator(form.calls(), CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "library/metrics_calls.html",
                  {"form": form, "page": page, "title": title})
