"""The skills as a file in the import format (coaching/skills/importing.py): importing an export
changes nothing."""

from __future__ import annotations

import json
from typing import Any

import yaml

from calls.models import PhraseSpeaker, WindowKind
from coaching.models import Skill, SkillPhrase
from coaching.skills.importing import DEFAULT_TARGET


def _phrase_data(phrase: SkillPhrase) -> dict[str, Any]:
    data: dict[str, Any] = {"text": phrase.text}
    if phrase.speaker != PhraseSpeaker.OPERATOR:
        data["speaker"] = phrase.speaker
    data["max_gap"] = phrase.max_gap
    if phrase.window_kind != WindowKind.NONE:
        data["window"] = {"kind": phrase.window_kind, "seconds": phrase.window_seconds}
    return data


def skills_export() -> dict[str, Any]:
    """Every skill in its order. Inactive phrases are left out: re-importing must not revive
    them."""
    skills = []
    for skill in Skill.objects.prefetch_related("phrases").order_by("order", "code"):
        data: dict[str, Any] = {"code": skill.code, "name": skill.name}
        if skill.description:
            data["description"] = skill.description
        if skill.kind != Skill.Kind.PHRASES:
            data["kind"] = skill.kind
        if not skill.active:
            data["active"] = False
        if skill.target != DEFAULT_TARGET:
            data["target"] = skill.target
        if skill.kind == Skill.Kind.PHRASES:
            data["phrases"] = [
                _phrase_data(phrase)
                for phrase in sorted(skill.phrases.all(), key=lambda phrase: phrase.pk)
                if phrase.is_active
            ]
        skills.append(data)
    return {"skills": skills}


def skills_dump(data: dict[str, Any], *, format: str) -> str:
    if format == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
