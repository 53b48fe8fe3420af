"""Addresses of the calls behind a competency number, shared by the pages and the reports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from calls.models import Operator
from coaching.competency.queries import Period
from coaching.models import Skill


def period_query(period: Period) -> str:
    params = {}
    if period.date_from:
        params["date_from"] = period.date_from.isoformat()
    if period.date_to:
        params["date_to"] = period.date_to.isoformat()
    return urlencode(params)


def calls_url(operator: Operator, skill: Skill, status: str, period: Period) -> str:
    """The operator's calls of the period where the skill had this result (shown/not shown)."""
    url = reverse("coaching:competency-calls", args=[operator.code, skill.code])
    query = period_query(period)
    return f"{url}?status={status}" + (f"&{query}" if query else "")
