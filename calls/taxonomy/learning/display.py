"""The call page's «Теги по модели» panel: the tags the learned models proposed, apart from the
phrase and manual tags, each with its confidence and the moments that weighed most (each seeks
the player)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from calls.extensions import CallPanel
from calls.models import Call, CallTag


@dataclass(frozen=True)
class ReasonView:
    text: str
    segment: int | None
    start: float | None
    end: float | None
    weight: float


@dataclass
class ModelTagView:
    code: str
    name: str
    category: str
    description: str
    confidence: float
    reasons: list[ReasonView] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def reason_views(reasons: Any) -> list[ReasonView]:
    views = []
    for reason in reasons if isinstance(reasons, list) else []:
        if not isinstance(reason, dict) or not reason.get("text"):
            continue
        views.append(
            ReasonView(
                text=str(reason["text"]),
                segment=reason.get("segment"),
                start=reason.get("start"),
                end=reason.get("end"),
                weight=float(reason.get("weight") or 0.0),
            )
        )
    return views


def call_model_tags(call: Call) -> list[ModelTagView]:
    rows = (
        CallTag.objects.learned()
        .filter(call=call)
        .select_related("tag__category")
        .order_by("-confidence", "tag__name")
    )
    return [
        ModelTagView(
            code=row.tag.code,
            name=row.tag.name,
            category=row.tag.category.name,
            description=row.tag.description,
            confidence=row.confidence or 0.0,
            reasons=reason_views(row.reasons),
        )
        for row in rows
    ]


def call_model_tags_context(call: Call, request: HttpRequest) -> dict[str, Any]:
    return {"model_tags": call_model_tags(call)}


CALL_PANEL = CallPanel(
    name="learned_tags",
    template="taxonomy/learning/_call_model_tags.html",
    context=call_model_tags_context,
)
