from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from scipy.stats import fisher_exact

from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.models import Call
from coaching.cycles.measure import before_sample
from coaching.cycles.tasks import remind_due_cycles
from coaching.demo.coaching import (
    demo_import_cycle_calls,
    demo_load_cycles,
    demo_load_evaluations,
)
from coaching.demo.loading import demo_load_scorecard, demo_load_skills
from coaching.models import CalibrationSession, CoachingCycle, Evaluation, SkillResult
from scripts_library.demo.loading import demo_import_sales_calls, demo_load_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_calls() -> list[Call]:
    demo_seed_people()
    demo_seed_lines()
    demo_load_library()
    demo_import_sales_calls()
    demo_load_skills()
    demo_load_scorecard()
    return demo_import_cycle_calls()


def test_the_cycle_calls_are_analysed_with_the_effect_the_demo_describes(
        demo_calls: list[Call]) -> None:
    assert len(demo_calls) == 24
    # Anna's and Igor's baseline calls before their training on summarising come with them.
    assert Call.objects.filter(external_id__startswith="coach-anna-").count() == 5
    assert Call.objects.filter(external_id__startswith="coach-igor-").count() == 5
    # The library's sales calls, waiting for analysis too, are analysed with them.
    assert not Call.objects.exclude(status=Call.Status.ANALYSED).exists()
    assert {c.operator.code for c in demo_calls} == {"dmitry"}
    assert not Call.objects.exclude(status=Call.Status.ANALYSED).filter(
        pk__in=[c.pk for c in demo_calls]).exists()
    training_day = timezone.localdate() - timedelta(days=25)

    def shown(calls: list[Call]) -> int:
        return SkillResult.objects.filter(
            call__in=calls, skill__code="need_clarification",
            status=SkillResult.Status.SHOWN).count()

    before = [c for c in demo_calls if c.started_at.date() < training_day]
    after = [c for c in demo_calls if c.started_at.date() > training_day]
    assert (len(before), shown(before)) == (12, 3)
    assert (len(after), shown(after)) == (12, 10)
    # The greeting and the closing are there in every call.
    assert SkillResult.objects.filter(call__in=demo_calls, skill__code__in=["greeting", "closing"],
                                      status=SkillResult.Status.SHOWN).count() == 48
    assert demo_import_cycle_calls() == demo_calls  # again: the same calls


def test_demo_evaluations_and_a_closed_calibration(demo_calls: list[Call]) -> None:
    report = demo_load_evaluations(calls=demo_calls)
    assert len(report.evaluations) == 7
    assert all(e.status == Evaluation.Status.SUBMITTED for e in report.evaluations)
    assert all(e.comments.count() == 1 for e in report.evaluations)
    calibration = CalibrationSession.objects.get()
    assert calibration.status == CalibrationSession.Status.CLOSED
    assert calibration.evaluations.count() == 4
    assert demo_load_evaluations(calls=demo_calls).evaluations == []


def test_one_finished_cycle_with_a_change_and_overdue_controls(demo_calls: list[Call]) -> None:
    demo_load_evaluations(calls=demo_calls)
    cycles = demo_load_cycles()
    finished = cycles[0]
    assert finished.operator.code == "dmitry" and finished.skill.code == "need_clarification"
    assert finished.stage == CoachingCycle.Stage.DONE
    assert finished.report is not None and finished.report.shared_at is not None
    assert finished.report.comments.count() == 1
    assert finished.training is not None and finished.training.exemplars.count() == 2
    assert (finished.before_shown, finished.before_calls) == (3, 12)
    # The 12 control calls, and two of the library's sales calls Dmitry made in those weeks.
    assert (finished.after_shown, finished.after_calls) == (11, 14)
    assert finished.verdict == CoachingCycle.Verdict.CHANGED
    assert finished.p_value == pytest.approx(fisher_exact([[3, 9], [11, 3]])[1])
    assert finished.p_value < 0.05
    overdue = cycles[1:]
    assert {c.operator.code for c in overdue} == {"anna", "igor"}
    today = timezone.localdate()
    assert all(c.stage == CoachingCycle.Stage.CONTROL and c.control_due == today - timedelta(days=2)
               for c in overdue)
    # Every cycle compares with a real baseline: five calls each, summarised in one.
    assert all((before_sample(c).shown, before_sample(c).calls) == (1, 5) for c in overdue)
    assert demo_load_cycles() == []


def test_the_demo_manager_gets_the_overdue_reminder(demo_calls: list[Call]) -> None:
    demo_load_cycles()
    assert remind_due_cycles() == 2
    (message,) = mail.outbox
    assert message.to == ["manager@slyshu.example"]
    assert "Анна Соколова" in message.body and "Игорь Волков" in message.body
