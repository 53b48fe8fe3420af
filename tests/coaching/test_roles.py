import pytest
from django.contrib.auth.models import Group

from project.roles import Role

pytestmark = pytest.mark.django_db


def _granted(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
        if app == "coaching"
    }


def test_trainers_keep_skills_and_scorecards_others_read_them() -> None:
    trainer = _granted(Role.TRAINER)
    assert {"coaching.change_skill", "coaching.add_skillphrase", "coaching.delete_criterion",
            "coaching.change_scorecardtemplate", "coaching.view_skillresult"} <= trainer
    assert "coaching.change_skillresult" not in trainer
    for role in (Role.OPERATOR, Role.MANAGER):
        granted = _granted(role)
        assert {"coaching.view_skill", "coaching.view_scorecardtemplate",
                "coaching.view_skillresult"} <= granted
        assert not {name for name in granted if not name.startswith("coaching.view_")
                    and name.split("_", 1)[1] in ("skill", "skillphrase", "scorecardtemplate",
                                                  "criterion", "skillresult")}
    assert "coaching.delete_skillresult" in _granted(Role.ADMIN)


def test_trainers_evaluate_and_calibrate_operators_and_managers_read_evaluations() -> None:
    assert {"coaching.add_evaluation", "coaching.change_criterionscore",
            "coaching.add_calibrationsession"} <= _granted(Role.TRAINER)
    for role in (Role.OPERATOR, Role.MANAGER):
        granted = _granted(role)
        assert "coaching.view_evaluation" in granted
        assert "coaching.view_calibrationsession" not in granted


def test_managers_run_cycles_and_trainings_operators_read_and_comment() -> None:
    manager = _granted(Role.MANAGER)
    assert {"coaching.add_coachingcycle", "coaching.change_trainingsession",
            "coaching.add_personalreport"} <= manager
    assert "coaching.change_exemplar" not in manager
    operator = _granted(Role.OPERATOR)
    assert {"coaching.view_personalreport", "coaching.view_coachingcycle",
            "coaching.add_reportcomment"} <= operator
    assert not {"coaching.add_coachingcycle", "coaching.change_personalreport"} & operator
    assert {"coaching.add_exemplar", "coaching.change_coachingcycle"} <= _granted(Role.TRAINER)
