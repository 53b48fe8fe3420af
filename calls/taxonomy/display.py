"""What the call page shows about tags: one entry per tag (auto and manual merged) with its
evidence, who added or removed a tag by hand and when, the matched words of each segment for
highlighting in the transcript, and — for who may tag — the tags that can be added."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch

from calls.models import Call, CallTag, CallTagChange, Segment, Tag, TagEvidence
from calls.phrase_runtime.highlight import highlight
from project.people import person_name
from project.roles import AnyUser


@dataclass(frozen=True)
class EvidenceView:
    segment_index: int
    start: float
    end: float
    text: str
    phrase: str | None


@dataclass
class CallTagView:
    code: str
    name: str
    category: str
    description: str
    auto: bool = False
    manual: bool = False
    manual_by: str | None = None
    manual_at: datetime | None = None
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass(frozen=True)
class RemovedTagView:
    """A tag a person removed from the call (re-analysis does not put it back)."""

    code: str
    name: str
    by: str | None
    at: datetime


def call_tags_context(call: Call, *, segments: Iterable[Segment] | None = None,
                      user: AnyUser | None = None) -> dict[str, Any]:
    """Context for "taxonomy/_call_tags.html" (and the transcript highlights).

    Pass the segment objects the page renders as `segments` to have each get a `tag_parts`
    attribute (plain and marked pieces of its text) that "taxonomy/_segment_text.html" renders.
    Pass the `user` to get the add and remove forms they may use (trainers and admins, as the
    API: calls/roles.py). Three queries, whatever the number of tags (a fourth for the choice).
    """
    evidence = TagEvidence.objects.select_related("segment", "phrase").order_by("start", "id")
    call_tags = (
        CallTag.objects.filter(call=call)
        .select_related("tag__category", "created_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("tag__category__order", "tag__category__name", "tag__name")
    )
    views: dict[int, CallTagView] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    highlights: dict[int, list[dict[str, Any]]] = {}
    for call_tag in call_tags:
        if call_tag.source == CallTag.Source.MODEL:
            continue  # shown apart, with confidence and reasons (taxonomy/learning/display.py)
        tag = call_tag.tag
        view = views.setdefault(tag.pk, CallTagView(
            code=tag.code, name=tag.name, category=tag.category.name,
            description=tag.description,
        ))
        if call_tag.source == CallTag.Source.MANUAL:
            view.manual = True
            view.manual_by = person_name(call_tag.created_by)
            view.manual_at = call_tag.created_at
            continue
        view.auto = True
        for item in call_tag.evidence.all():
            view.evidence.append(EvidenceView(
                segment_index=item.segment.index, start=item.start, end=item.end,
                text=item.text, phrase=item.phrase.text if item.phrase else None,
            ))
            spans.setdefault(item.segment_id, []).append((item.char_start, item.char_end))
            highlights.setdefault(item.segment.index, []).append(
                {"start": item.char_start, "end": item.char_end, "tag": tag.code}
            )
    for segment in segments or ():
        found = spans.get(segment.pk)
        segment.tag_parts = highlight(segment.text, found) if found else None  # type: ignore[attr-defined]
    may_add = bool(user is not None and user.has_perm("calls.add_calltag"))
    manual_codes = {view.code for view in views.values() if view.manual}
    return {
        "call_tags": list(views.values()),
        "tag_highlights": highlights,
        "removed_tags": _removed_tags(call),
        "may_add_tags": may_add,
        "may_remove_tags": bool(user is not None and user.has_perm("calls.delete_calltag")),
        # Tags a person can still add (an auto tag can be confirmed by hand).
        "addable_tags": [
            tag for tag in Tag.objects.active().select_related("category").order_by(
                "category__order", "category__name", "name")
            if tag.code not in manual_codes
        ] if may_add else [],
    }


def _removed_tags(call: Call) -> list[RemovedTagView]:
    """The tags whose latest change by a person is a removal, newest first."""
    latest: dict[int, CallTagChange] = {}
    for change in (CallTagChange.objects.filter(call=call).select_related("tag", "user")
                   .order_by("at", "id")):
        latest[change.tag_id] = change
    removed = [change for change in latest.values()
               if change.action == CallTagChange.Action.REMOVED]
    return [RemovedTagView(code=change.tag.code, name=change.tag.name,
                           by=person_name(change.user), at=change.at)
            for change in sorted(removed, key=lambda change: change.at, reverse=True)]
