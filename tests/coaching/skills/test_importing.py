from pathlib import Path

import pytest

from coaching.models import Skill
from coaching.skills.analysis import SKILL_PHRASES
from coaching.skills.importing import (
    SkillsFileInvalid,
    skills_import,
    skills_parse,
    skills_read_file,
)

pytestmark = pytest.mark.django_db

YAML = """
skills:
- code: closing
  name: Завершение
  phrases:
  - {text: всего доброго, window: {kind: last, seconds: 30}}
  - {text: до свидания, speaker: any}
"""


def test_a_yaml_file_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "skills.yaml"
    path.write_text(YAML, encoding="utf-8")
    report = skills_import(data=skills_read_file(path))
    assert (report.created, report.updated, report.removed) == (3, 0, 0)
    skill = Skill.objects.get(code="closing")
    assert (skill.kind, skill.active, skill.description) == ("phrases", True, "")
    speakers = dict(skill.phrases.values_list("text", "speaker"))
    assert speakers == {"всего доброго": "operator", "до свидания": "any"}


def test_dry_run_reports_exactly_and_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "skills.yaml"
    path.write_text(YAML, encoding="utf-8")
    dry = skills_import(data=skills_read_file(path), dry_run=True)
    assert not Skill.objects.exists()
    real = skills_import(data=skills_read_file(path))
    assert dry.changes == real.changes


def test_removing_a_phrase_makes_the_phrase_set_stale(tmp_path: Path) -> None:
    path = tmp_path / "skills.yaml"
    path.write_text(YAML, encoding="utf-8")
    skills_import(data=skills_read_file(path))
    stamp = SKILL_PHRASES.stamp()
    skills_import(data={"skills": [{"code": "closing", "name": "Завершение",
                                    "phrases": [{"text": "до свидания", "speaker": "any"}]}]})
    assert SKILL_PHRASES.stamp() != stamp


@pytest.mark.parametrize("data", [None, [], {"skills": "greeting"}, {"objections": []}])
def test_the_document_must_hold_a_skill_list(data: object) -> None:
    with pytest.raises(SkillsFileInvalid, match="skills"):
        skills_parse(data)


def test_unknown_fields_and_bad_values_are_listed() -> None:
    with pytest.raises(SkillsFileInvalid) as error:
        skills_parse({"skills": [{"code": "x", "name": "X", "colour": "red",
                                  "active": "yes", "kind": "magic"}]})
    message = error.value.message
    assert "ошибок: 3" in message
    assert "неизвестные поля: colour" in message and "«active»" in message
    assert "«kind»" in message


def test_a_target_is_read_checked_and_defaults_to_80() -> None:
    skills_import(data={"skills": [{"code": "need", "name": "Потребность", "target": 65},
                                   {"code": "greeting", "name": "Приветствие"}]})
    assert dict(Skill.objects.values_list("code", "target")) == {"need": 65, "greeting": 80}
    # A file without the target brings the skill back to the default, as for «active».
    report = skills_import(data={"skills": [{"code": "need", "name": "Потребность"}]})
    assert report.updated == 1 and Skill.objects.get(code="need").target == 80
    with pytest.raises(SkillsFileInvalid) as error:
        skills_parse({"skills": [{"code": "a", "name": "A", "target": 101},
                                 {"code": "b", "name": "B", "target": True},
                                 {"code": "c", "name": "C", "target": "80"}]})
    assert "ошибок: 3" in error.value.message
    assert "«target» должна быть целым числом от 0 до 100, а не 101" in error.value.message
