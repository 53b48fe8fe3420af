"""The skills of a call as an export_calls column, registered through calls/extensions.py."""

from __future__ import annotations

from django.db.models import Prefetch

from calls.extensions import ExportField
from calls.models import Call
from coaching.models import SkillResult

RESULTS_PREFETCH = Prefetch(
    "skill_results",
    queryset=SkillResult.objects.select_related("skill").only(
        "call_id", "status", "skill__code", "skill__order", "skill__name"
    ).order_by("skill__order", "skill__code"),
)

_VALUES = {
    SkillResult.Status.SHOWN: True,
    SkillResult.Status.NOT_SHOWN: False,
    SkillResult.Status.NOT_APPLICABLE: None,
}


def export_skills(call: Call) -> dict[str, bool | None]:
    """Skill code → shown (true), not shown (false), not applicable (null)."""
    return {result.skill.code: _VALUES[SkillResult.Status(result.status)]
            for result in call.skill_results.all()}  # type: ignore[attr-defined]


EXPORT_FIELDS = (ExportField(name="skills", value=export_skills, prefetch=(RESULTS_PREFETCH,)),)
