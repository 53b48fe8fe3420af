from collections.abc import Callable

import pytest

from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.models import ReanalysisRun
from coaching.models import CoachingCycle, Criterion, ScorecardTemplate, Skill
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


def test_with_the_demo_people_the_cycle_demo_is_loaded_once(
        run_command: Callable[..., str]) -> None:
    assert "coaching cycle skipped" in run_command("load_demo_coaching")
    demo_seed_people()
    demo_seed_lines()
    output = run_command("load_demo_coaching")
    assert "24 coaching calls, 7 evaluations and 3 cycles created" in output
    assert CoachingCycle.objects.filter(stage=CoachingCycle.Stage.DONE).count() == 1
    assert "0 evaluations and 0 cycles created" in run_command("load_demo_coaching")
    assert CoachingCycle.objects.count() == 3
