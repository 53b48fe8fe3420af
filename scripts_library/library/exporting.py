"""The objection library as a file in the import format (scripts_library/library/importing.py):
importing an export changes nothing."""

from __future__ import annotations

import json
from typing import Any

import yaml

from calls.models import PhraseSpeaker, WindowKind
from scripts_library.models import Objection, ObjectionPhrase, ObjectionTheme, ResponseBlock


def _phrase_data(phrase: ObjectionPhrase) -> dict[str, Any]:
    data: dict[str, Any] = {"text": phrase.text}
    if phrase.speaker != PhraseSpeaker.CUSTOMER:
        data["speaker"] = phrase.speaker
    data["max_gap"] = phrase.max_gap
    if phrase.window_kind != WindowKind.NONE:
        data["window"] = {"kind": phrase.window_kind, "seconds": phrase.window_seconds}
    return data


def library_export() -> dict[str, Any]:
    """Every theme and objection. Inactive phrases and retired blocks are left out: the format
    has no place for them, and re-importing the export must not revive them."""
    themes = [
        {"name": theme.name, "description": theme.description}
        for theme in ObjectionTheme.objects.order_by("order", "name")
    ]
    objections = []
    queryset = (
        Objection.objects.select_related("theme").prefetch_related("phrases", "blocks")
        .order_by("theme__order", "theme__name", "code")
    )
    for objection in queryset:
        data: dict[str, Any] = {"code": objection.code, "theme": objection.theme.name,
                                "name": objection.name}
        if objection.description:
            data["description"] = objection.description
        if objection.status != Objection.Status.ACTIVE:
            data["status"] = objection.status
        data["phrases"] = [
            _phrase_data(phrase)
            for phrase in sorted(objection.phrases.all(), key=lambda phrase: phrase.pk)
            if phrase.is_active
        ]
        responses: dict[str, list[str]] = {}
        for kind in ResponseBlock.Kind.values:
            texts = [
                block.text
                for block in sorted(objection.blocks.all(), key=lambda b: (b.order, b.pk))
                if block.kind == kind and block.is_active
            ]
            if texts:
                responses[kind] = texts
        data["responses"] = responses
        objections.append(data)
    return {"themes": themes, "objections": objections}


def library_dump(data: dict[str, Any], *, format: str) -> str:
    if format == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
