"""Addresses of the calls behind each number of a change's evaluation: the call list
(calls/filters.py) filtered to a window's days, the analysed calls, the change's line and the
figure's own filter (`Metric.calls_params`)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from calls.models import Call, Line


def window_calls_url(
    *,
    date_from: date,
    date_to: date,
    lines: list[Line],
    params: dict[str, str] | None = None,
) -> str:
    """The analysed calls of the local days date_from..date_to. The call list filters one line:
    with several lines on a change the link shows every line's calls of those days
    (docs/changes.md)."""
    query: dict[str, str] = {
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "status": Call.Status.ANALYSED,
    }
    if len(lines) == 1:
        query["line"] = lines[0].code
    query.update(params or {})
    return reverse("calls:list") + "?" + urlencode(query)
