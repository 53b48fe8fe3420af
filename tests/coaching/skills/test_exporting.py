import json

import pytest
import yaml

from coaching.models import Skill
from coaching.skills.exporting import skills_dump, skills_export
from coaching.skills.importing import skills_import
from tests.factories import SkillFactory, SkillPhraseFactory

pytestmark = pytest.mark.django_db


def test_export_leaves_out_defaults_and_inactive_phrases() -> None:
    greeting = SkillFactory(code="greeting", name="Приветствие", order=1)
    SkillPhraseFactory(skill=greeting, text="добрый день", window_kind="first",
                       window_seconds=30)
    SkillPhraseFactory(skill=greeting, text="алло", is_active=False)
    SkillPhraseFactory(skill=greeting, text="здравствуйте", speaker="any")
    SkillFactory(code="objection_handling", name="Возражения", order=2, active=False,
                 kind=Skill.Kind.OBJECTION_HANDLING)
    data = skills_export()
    assert data == {"skills": [
        {"code": "greeting", "name": "Приветствие", "phrases": [
            {"text": "добрый день", "max_gap": 1, "window": {"kind": "first", "seconds": 30}},
            {"text": "здравствуйте", "speaker": "any", "max_gap": 1},
        ]},
        {"code": "objection_handling", "name": "Возражения", "kind": "objections",
         "active": False},
    ]}
    assert json.loads(skills_dump(data, format="json")) == data
    text = skills_dump(data, format="yaml")
    assert "Приветствие" in text and yaml.safe_load(text) == data
    report = skills_import(data=data)
    assert (report.created, report.updated, report.removed) == (0, 0, 0)


def test_a_target_other_than_the_default_is_exported_and_reimports_unchanged() -> None:
    SkillFactory(code="need", name="Потребность", order=1, target=65)
    SkillFactory(code="greeting", name="Приветствие", order=2)
    data = skills_export()
    assert [skill.get("target") for skill in data["skills"]] == [65, None]
    report = skills_import(data=data)
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
