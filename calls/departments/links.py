"""Addresses the departments' pages and e-mails link to: a finding prefilled from an alert or a
report item (`findings:new`, owned by calls/departments/findings/, absent until it lands)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from calls.models import Department, Tag


def findings_new_url(
    *, tag: Tag | None, department: Department | None, source: str, source_ref: str = "",
    call_ids: Iterable[int] = (), title: str = "",
) -> str:
    """`findings:new` with the form prefilled (the parameters the findings page accepts); ""
    while the findings pages do not exist."""
    try:
        base = reverse("findings:new")
    except NoReverseMatch:
        return ""
    params = {
        "tag": tag.code if tag is not None else None,
        "department": department.code if department is not None else None,
        "source": source,
        "source_ref": source_ref or None,
        "calls": ",".join(str(pk) for pk in call_ids) or None,
        "title": title or None,
    }
    return base + "?" + urlencode({key: value for key, value in params.items() if value})
