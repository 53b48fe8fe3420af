from datetime import date, timedelta

import pytest
from django.utils import timezone

from coaching.cycles.services import (
    CONTROL_DAYS,
    CycleConflict,
    baseline_before,
    cycle_cancel,
    cycle_report_shared,
    cycle_start,
    cycles_for_training,
    training_held,
)
from coaching.models import CoachingCycle, TrainingSession
from project.errors import DomainError
from tests.coaching.cycles.conftest import outcomes
from tests.factories import (
    CoachingCycleFactory,
    OperatorFactory,
    PersonalReportFactory,
    SkillFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db
Stage = CoachingCycle.Stage


def _start(**kwargs: object) -> CoachingCycle:
    values: dict = {"operator": OperatorFactory(), "skill": SkillFactory(),
                    "baseline_from": date(2026, 10, 1), "baseline_to": date(2026, 10, 31),
                    "created_by": None, "require_baseline": False}
    values.update(kwargs)
    return cycle_start(**values)


def test_a_cycle_starts_listening_and_a_second_open_one_is_refused() -> None:
    cycle = _start()
    assert cycle.stage == Stage.LISTEN
    with pytest.raises(CycleConflict):
        _start(operator=cycle.operator, skill=cycle.skill)
    cycle_cancel(cycle=cycle)
    assert _start(operator=cycle.operator, skill=cycle.skill).stage == Stage.LISTEN


def test_a_cycle_started_by_hand_needs_a_baseline_with_calls() -> None:
    operator, skill = OperatorFactory(), SkillFactory()
    with pytest.raises(DomainError) as refused:
        _start(operator=operator, skill=skill, require_baseline=True)
    assert refused.value.code == "empty_baseline"
    outcomes(operator, skill, date(2026, 10, 10), not_shown=1)
    assert _start(operator=operator, skill=skill, require_baseline=True).stage == Stage.LISTEN


def test_a_reversed_baseline_is_refused() -> None:
    with pytest.raises(DomainError):
        _start(baseline_from=date(2026, 11, 2), baseline_to=date(2026, 11, 1))


def test_the_report_step_needs_the_operators_shared_report() -> None:
    cycle = _start()
    unshared = PersonalReportFactory(operator=cycle.operator)
    with pytest.raises(DomainError):
        cycle_report_shared(cycle=cycle, report=unshared)
    with pytest.raises(DomainError):
        cycle_report_shared(cycle=cycle, report=PersonalReportFactory(shared_at=timezone.now()))
    shared = PersonalReportFactory(operator=cycle.operator, shared_at=timezone.now())
    cycle = cycle_report_shared(cycle=cycle, report=shared)
    assert (cycle.stage, cycle.report) == (Stage.REPORT, shared)


def test_a_training_takes_open_cycles_and_starts_the_missing_ones() -> None:
    skill = SkillFactory()
    listening, fresh = OperatorFactory(), OperatorFactory()
    existing = CoachingCycleFactory(operator=listening, skill=skill,
                                    baseline_from=date(2026, 9, 1), baseline_to=date(2026, 9, 30))
    training = TrainingSessionFactory(skill=skill, held_on=date(2026, 11, 20))
    training.attendees.set([listening, fresh])
    cycles = cycles_for_training(training=training, created_by=None)
    assert {c.operator for c in cycles} == {listening, fresh}
    assert all(c.stage == Stage.TRAIN and c.training == training for c in cycles)
    existing.refresh_from_db()
    assert existing.baseline_from == date(2026, 9, 1)
    new = next(c for c in cycles if c.operator == fresh)
    assert (new.baseline_from, new.baseline_to) == baseline_before(date(2026, 11, 20))
    assert cycles_for_training(training=training, created_by=None)  # again: nothing new
    assert CoachingCycle.objects.count() == 2


def test_holding_the_training_sets_the_control_due_two_weeks_later() -> None:
    training = TrainingSessionFactory(held_on=date(2026, 11, 10))
    training.attendees.set([OperatorFactory()])
    cycles_for_training(training=training, created_by=None)
    training_held(training=training)
    cycle = CoachingCycle.objects.get()
    assert cycle.stage == Stage.CONTROL
    assert cycle.trained_on == date(2026, 11, 10)
    assert cycle.control_due == date(2026, 11, 10) + timedelta(days=CONTROL_DAYS)
    assert TrainingSession.objects.get().status == TrainingSession.Status.HELD


def test_a_training_cannot_be_held_in_the_future_or_when_cancelled() -> None:
    training = TrainingSessionFactory()
    with pytest.raises(DomainError):
        training_held(training=training, held_on=timezone.localdate() + timedelta(days=1))
    training.status = TrainingSession.Status.CANCELLED
    training.save()
    with pytest.raises(CycleConflict):
        training_held(training=training)


def test_steps_never_go_backwards_and_a_done_cycle_is_not_cancelled() -> None:
    cycle = CoachingCycleFactory(stage=Stage.CONTROL)
    shared = PersonalReportFactory(operator=cycle.operator, shared_at=timezone.now())
    assert cycle_report_shared(cycle=cycle, report=shared).stage == Stage.CONTROL
    done = CoachingCycleFactory(stage=Stage.DONE)
    with pytest.raises(CycleConflict):
        cycle_cancel(cycle=done)


def test_the_baseline_before_a_training_ends_the_day_before_and_not_after_today() -> None:
    today = timezone.localdate()
    assert baseline_before(today + timedelta(days=10))[1] == today
    first, last = baseline_before(date(2026, 1, 31))
    assert (first, last) == (date(2026, 1, 1), date(2026, 1, 30))
