"""Repeat contacts and the moment of resolution as columns of export_calls (calls/extensions.py):

* `repeat_of` — the earlier call this one repeats: its external id, or its id when it has none;
* `repeat_tags` — the tags the repeat shares with the call it repeats (codes);
* `resolved_at` — seconds from the call's start to the customer's acceptance;
* `resolved` — true / false; empty when the resolution analyser has not read the call.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from calls.extensions import ExportField
from calls.models import Call, CallResolution, CallTag, ContactLink


def _link(call: Call) -> ContactLink | None:
    try:
        return call.contact
    except ObjectDoesNotExist:
        return None


def _resolution(call: Call) -> CallResolution | None:
    try:
        return call.resolution
    except ObjectDoesNotExist:
        return None


def _repeat_of(call: Call) -> str | None:
    link = _link(call)
    if link is None or link.kind != ContactLink.Kind.REPEAT or link.repeat_of is None:
        return None
    return link.repeat_of.external_id or str(link.repeat_of.pk)


def _repeat_tags(call: Call) -> list[str] | None:
    link = _link(call)
    if link is None or link.kind != ContactLink.Kind.REPEAT or link.repeat_of is None:
        return None
    own = {call_tag.tag.code for call_tag in call.call_tags.all()}
    earlier = {call_tag.tag.code for call_tag in link.repeat_of.call_tags.all()}
    return sorted(own & earlier)


def _resolved_at(call: Call) -> float | None:
    resolution = _resolution(call)
    return resolution.resolved_at if resolution is not None else None


def _resolved(call: Call) -> bool | None:
    resolution = _resolution(call)
    return resolution.resolved if resolution is not None else None


_LINK = Prefetch(
    "contact",
    queryset=ContactLink.objects.select_related("repeat_of").prefetch_related(
        Prefetch("repeat_of__call_tags", queryset=CallTag.objects.select_related("tag"))
    ),
)

EXPORT_FIELDS = (
    ExportField(name="repeat_of", value=_repeat_of, prefetch=(_LINK,)),
    # The call's own tags are the ones the export always loads (calls/taxonomy/export.py).
    ExportField(name="repeat_tags", value=_repeat_tags, prefetch=(_LINK,)),
    ExportField(name="resolved_at", value=_resolved_at, prefetch=("resolution",)),
    ExportField(name="resolved", value=_resolved, prefetch=("resolution",)),
)
