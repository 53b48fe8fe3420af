from collections.abc import Callable

import pytest

from calls.models import ReanalysisRun
from coaching.models import Criterion, ScorecardTemplate, Skill
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


def test_load_demo_coaching_is_safe_to_rerun(run_command: Callable[..., str]) -> None:
    assert "items created" in run_command("load_demo_coaching")
    assert Skill.objects.count() == 6
    assert ScorecardTemplate.objects.count() == 1 and Criterion.objects.count() == 7
    assert "kept as they are" in run_command("load_demo_coaching")
    assert Skill.objects.count() == 6 and ScorecardTemplate.objects.count() == 1


def test_calls_analysed_before_the_demo_skills_get_them(run_command: Callable[..., str]) -> None:
    call_with_segments(("operator", "Добрый день, меня зовут Анна."))
    assert "re-analysis #" in run_command("load_demo_coaching")
    assert ReanalysisRun.objects.filter(analyser="skills").exists()
    assert "re-analysis" not in run_command("load_demo_coaching")


def test_a_running_reanalysis_does_not_stop_the_demo(run_command: Callable[..., str]) -> None:
    call_with_segments(("operator", "Добрый день."))
    ReanalysisRun.objects.create(analyser="", total=1, status=ReanalysisRun.Status.RUNNING)
    assert "re-analysis" not in run_command("load_demo_coaching")
    assert Skill.objects.count() == 6
