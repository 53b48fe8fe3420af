"""What the call page shows about tags: one entry per tag (auto and manual merged) with its
evidence, and the matched words of each segment for highlighting in the transcript."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from calls.models import Call, CallTag, Segment, TagEvidence
from calls.phrase_runtime.highlight import highlight


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
    evidence: list[EvidenceView] = field(default_factory=list)


def call_tags_context(call: Call, *, segments: Iterable[Segment] | None = None) -> dict[str, Any]:
    """Context for "taxonomy/_call_tags.html" (and the transcript highlights).

    Pass the segment objects the page renders as `segments` to have each get a `tag_parts`
    attribute (plain and marked pieces of its text) that "taxonomy/_segment_text.html" renders.
    Two queries, whatever the number of tags.
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
        tag = call_tag.tag
        view = views.setdefault(tag.pk, CallTagView(
            code=tag.code, name=tag.name, category=tag.category.name,
            description=tag.description,
        ))
        if call_tag.source == CallTag.Source.MANUAL:
            view.manual = True
            view.manual_by = call_tag.created_by.get_username() if call_tag.created_by else None
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
    return {"call_tags": list(views.values()), "tag_highlights": highlights}
