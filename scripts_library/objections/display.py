"""The objections of a call where the calls app shows and exports a call: a panel of the call
page and two export_calls columns, registered through calls/extensions.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from calls.extensions import CallPanel, ExportField
from calls.models import Call
from scripts_library.models import ObjectionHit

# One prefetch for both columns: the export streams calls in chunks and loads it per chunk.
HITS_PREFETCH = Prefetch(
    "objection_hits",
    queryset=ObjectionHit.objects.select_related("objection", "segment").only(
        "call_id", "start", "end", "text", "occurrence", "raised_again", "reply_text",
        "objection__code", "segment__index",
    ).order_by("start", "id"),
)


def export_objections(call: Call) -> list[str]:
    return sorted({hit.objection.code for hit in call.objection_hits.all()})


def export_objection_evidence(call: Call) -> list[dict[str, Any]]:
    return [
        {"objection": hit.objection.code, "segment": hit.segment.index, "start": hit.start,
         "end": hit.end, "text": hit.text, "occurrence": hit.occurrence,
         "raised_again": hit.raised_again, "reply": hit.reply_text}
        for hit in call.objection_hits.all()
    ]


EXPORT_FIELDS = (
    ExportField(name="objections", value=export_objections, prefetch=(HITS_PREFETCH,)),
    ExportField(name="objection_evidence", value=export_objection_evidence,
                prefetch=(HITS_PREFETCH,)),
)


def call_objections_context(call: Call, request: HttpRequest) -> dict[str, Any]:
    """The call's objections, each with its hits in time order (the page checked visibility)."""
    grouped: dict[int, dict[str, Any]] = {}
    hits = (ObjectionHit.objects.filter(call=call)
            .select_related("objection__theme", "segment").order_by("start", "id"))
    for hit in hits:
        entry = grouped.setdefault(hit.objection_id, {
            "code": hit.objection.code, "name": hit.objection.name,
            "theme": hit.objection.theme.name, "hits": [], "raised_again": False,
        })
        entry["hits"].append({
            "start": hit.start, "end": hit.end, "text": hit.text,
            "segment_index": hit.segment.index, "occurrence": hit.occurrence,
            "reply_text": hit.reply_text, "reply_start": hit.reply_start,
            # The moment of handling it runs to the end of the reply (moment actions).
            "objection_id": hit.objection_id,
            "moment_end": hit.reply_end if hit.reply_end is not None else hit.end,
        })
        entry["raised_again"] = entry["raised_again"] or hit.raised_again
    return {"call_objections": list(grouped.values())}


CALL_PANEL = CallPanel(
    name="objections", template="objections/_call_objections.html",
    context=call_objections_context,
)
