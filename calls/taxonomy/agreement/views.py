"""The agreement page (/taxonomy/agreement/) and the calls behind each of its numbers, for
admins and trainers (who listen across the center); read-only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calls.models import AnnotationCampaign, Call, CallTag
from calls.taxonomy.agreement.evidence import agreement_call_ids
from calls.taxonomy.agreement.forms import AgreementCallsForm, AgreementForm, CallList
from calls.taxonomy.agreement.scope import reads_agreement
from calls.taxonomy.agreement.services import agreement_report
from calls.taxonomy.agreement.sources import SourceAccuracy, source_accuracy, source_totals
from project.roles import AnyUser
from project.stats.intervals import Interval

CALLS_PER_PAGE = 25
# Disagreements shown side by side per flagged tag; the count links to all of them.
SIDE_BY_SIDE = 20

View = Callable[..., HttpResponse]


def agreement_readers_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not reads_agreement(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _campaigns(user: AnyUser) -> list[AnnotationCampaign]:
    """The campaigns offered: the closed ones, and the open ones this person does not annotate."""
    campaigns = AnnotationCampaign.objects.exclude(
        status=AnnotationCampaign.Status.OPEN, annotators__pk=int(user.pk or 0)
    )
    return list(campaigns.order_by("-created_at", "-pk"))


def share_text(value: float | None, interval: Interval | None) -> str:
    """«67% (35–88%)»: the share and its 95% Wilson interval; «—» when there is nothing."""
    if value is None or interval is None:
        return "—"
    return f"{value * 100:.0f}% ({interval.low * 100:.0f}–{interval.high * 100:.0f}%)"


def _source_row(row: SourceAccuracy) -> dict[str, Any]:
    return {
        "row": row,
        "precision": share_text(row.precision, row.precision_interval),
        "recall": share_text(row.recall, row.recall_interval),
    }


def _by_tag(rows: list[SourceAccuracy]) -> list[dict[str, Any]]:
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row.tag].append(_source_row(row))
    ordered = sorted(grouped, key=lambda tag: (tag.category.order, tag.category.name, tag.name))
    return [{"tag": tag, "sources": grouped[tag]} for tag in ordered]


@agreement_readers_only
@require_safe
def agreement_page(request: HttpRequest) -> HttpResponse:
    form = AgreementForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "campaigns": _campaigns(request.user)}
    if request.GET and not form.is_valid():
        return render(request, "taxonomy/agreement/page.html", context, status=400)
    campaign = form.cleaned_data.get("campaign") if request.GET else None
    report = agreement_report(campaign=campaign)
    sources = source_accuracy(campaign=campaign)
    low = report.low
    disagreed = {d.call_id for row in low for d in row.disagreements[:SIDE_BY_SIDE]}
    calls = {
        call.pk: call for call in Call.objects.visible_to(request.user).filter(pk__in=disagreed)
    }
    context.update(
        {
            "campaign": campaign,
            "query": urlencode({"campaign": campaign.name}) if campaign else "",
            "report": report,
            "low": [
                {
                    "row": row,
                    "disagreements": [
                        {"item": item, "call": calls.get(item.call_id)}
                        for item in row.disagreements[:SIDE_BY_SIDE]
                    ],
                    "more": max(0, len(row.disagreements) - SIDE_BY_SIDE),
                }
                for row in low
            ],
            "low_codes": {row.tag.code for row in low},
            "sources": _by_tag(sources),
            "totals": [_source_row(row) for row in source_totals(sources)],
        }
    )
    return render(request, "taxonomy/agreement/page.html", context)


@agreement_readers_only
@require_safe
def agreement_calls(request: HttpRequest) -> HttpResponse:
    form = AgreementCallsForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "taxonomy/agreement/calls.html", context, status=400)
    data = form.cleaned_data
    source = data.get("source") or None
    ids = agreement_call_ids(
        campaign=data["campaign"], kind=data["list"], tag=data["tag"], source=source
    )
    calls = (
        Call.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("operator", "line")
        .order_by("-started_at", "-id")
    )
    context.update(
        {
            "campaign": data["campaign"],
            "tag": data["tag"],
            "list_label": CallList(data["list"]).label,
            "source_label": CallTag.Source(source).label if source else "",
            "back": urlencode({"campaign": data["campaign"].name}) if data["campaign"] else "",
            "page": Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page")),
        }
    )
    return render(request, "taxonomy/agreement/calls.html", context)
