import pytest
from django.utils import timezone

from calls.demo.dialogs import load_dialogs
from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.transcripts import call_import_transcript
from coaching.demo.loading import DEMO_CRITERIA, demo_load_scorecard, demo_load_skills
from coaching.models import Criterion, ScorecardTemplate, Skill, SkillResult
from coaching.skills.analysis import calls_find_skills
from scripts_library.demo.loading import (
    demo_import_sales_calls,
    demo_load_library,
    transcript_record,
)
from scripts_library.objections.analysis import calls_find_objections

pytestmark = pytest.mark.django_db


def _demo_calls() -> dict[str, int]:
    demo_seed_people()
    demo_seed_lines()
    demo_load_library()
    calls = {call.external_id: call.pk for call in demo_import_sales_calls().created}
    # The platform's demo calls, with the same plausible turn times as the sales calls.
    for dialog in load_dialogs():
        record = transcript_record(dialog, today=timezone.localdate())
        calls[dialog.id] = call_import_transcript(record=record).call.pk
    return calls


def test_demo_skills_are_found_in_the_demo_calls() -> None:
    assert demo_load_skills() is not None
    calls = _demo_calls()
    calls_find_objections(call_ids=list(calls.values()))
    calls_find_skills(call_ids=list(calls.values()))
    ids = {pk: external_id for external_id, pk in calls.items()}
    shown: dict[str, set[str]] = {external_id: set() for external_id in calls}
    statuses: dict[tuple[str, str], str] = {}
    for call_id, code, status in SkillResult.objects.values_list("call_id", "skill__code",
                                                                 "status"):
        statuses[(ids[call_id], code)] = status
        if status == SkillResult.Status.SHOWN:
            shown[ids[call_id]].add(code)
    assert len(statuses) == len(calls) * Skill.objects.count()
    # Every demo skill is shown somewhere, and missed somewhere: the demo has something to coach.
    for code in Skill.objects.values_list("code", flat=True):
        assert any(code in codes for codes in shown.values()), code
        assert any(code not in codes for codes in shown.values()), code
    assert shown["sales-101"] == {"greeting", "need_clarification", "tech_consultation",
                                  "objection_handling", "summary", "closing"}
    # «Домашний маркет, Дмитрий. Понимаю, переплачивать…»: no greeting.
    assert "greeting" not in shown["sales-106"]
    assert statuses[("demo-001", "objection_handling")] == SkillResult.Status.NOT_APPLICABLE
    assert statuses[("demo-012", "objection_handling")] == SkillResult.Status.SHOWN


def test_the_demo_scorecard_and_reruns_keep_edits() -> None:
    demo_load_skills()
    template = demo_load_scorecard()
    assert template is not None
    criteria = list(Criterion.objects.filter(template=template).select_related("skill"))
    assert len(criteria) == len(DEMO_CRITERIA)
    assert {c.skill.code for c in criteria if c.skill} == set(
        Skill.objects.values_list("code", flat=True))
    assert any(c.skill is None for c in criteria)
    Skill.objects.filter(code="greeting").update(name="Приветствие клиента")
    assert demo_load_skills() is None and demo_load_scorecard() is None
    assert Skill.objects.get(code="greeting").name == "Приветствие клиента"
    assert ScorecardTemplate.objects.count() == 1
