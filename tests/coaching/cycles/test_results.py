"""Recording the control: states and due dates through the whole cycle, and the before/after
verdict on data with a known effect and with none."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching.cycles.results import (
    NotTheRecorder,
    control_date_error,
    cycle_record_result,
    cycle_result_undo,
)
from coaching.cycles.services import (
    CONTROL_DAYS,
    CycleConflict,
    cycle_cancel,
    cycle_report_shared,
    cycle_start,
    cycles_for_training,
    training_held,
)
from coaching.models import CoachingCycle
from project.errors import DomainError
from tests.coaching.cycles.conftest import outcomes
from tests.factories import (
    CoachingCycleFactory,
    OperatorFactory,
    PersonalReportFactory,
    SkillFactory,
    TrainingSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Stage, Verdict = CoachingCycle.Stage, CoachingCycle.Verdict
TRAINED = date(2026, 10, 1)
DUE = TRAINED + timedelta(days=CONTROL_DAYS)


def _control_cycle(**fields: object) -> CoachingCycle:
    values: dict = {"stage": Stage.CONTROL, "baseline_from": date(2026, 9, 1),
                    "baseline_to": date(2026, 9, 30), "trained_on": TRAINED, "control_due": DUE}
    values.update(fields)
    return CoachingCycleFactory(**values)


def _spread(cycle: CoachingCycle, first: date, *, shown: int, not_shown: int) -> None:
    """Calls over consecutive days from `first`, two a day."""
    pairs = [True] * shown + [False] * not_shown
    for index, is_shown in enumerate(pairs):
        outcomes(cycle.operator, cycle.skill, first + timedelta(days=index // 2),
                 shown=int(is_shown), not_shown=int(not is_shown))


def test_the_whole_cycle_through_its_states_and_due_date() -> None:
    today = timezone.localdate()
    held = today - timedelta(days=CONTROL_DAYS + 1)
    operator, skill = OperatorFactory(), SkillFactory()
    for index in range(20):
        outcomes(operator, skill, held - timedelta(days=20) + timedelta(days=index // 2),
                 shown=int(index < 2), not_shown=int(index >= 2))
    cycle = cycle_start(operator=operator, skill=skill, baseline_from=held - timedelta(days=30),
                        baseline_to=held - timedelta(days=1), created_by=None)
    assert (cycle.stage, cycle.control_due) == (Stage.LISTEN, None)
    report = PersonalReportFactory(operator=operator, shared_at=timezone.now())
    assert cycle_report_shared(cycle=cycle, report=report).stage == Stage.REPORT
    training = TrainingSessionFactory(skill=skill, held_on=held)
    training.attendees.set([operator])
    (cycle,) = cycles_for_training(training=training, created_by=None)
    assert cycle.stage == Stage.TRAIN
    with pytest.raises(DomainError):  # not trained yet: nothing to control
        cycle_record_result(cycle=cycle, recorded_by=None)
    training_held(training=training)
    cycle.refresh_from_db()
    assert (cycle.stage, cycle.trained_on, cycle.control_due) == (
        Stage.CONTROL, held, held + timedelta(days=14))
    _spread(cycle, held + timedelta(days=1), shown=14, not_shown=0)
    cycle = cycle_record_result(cycle=cycle, recorded_by=UserFactory(username="boss"))
    assert cycle.stage == Stage.DONE and cycle.closed_at is not None
    assert (cycle.before_shown, cycle.before_calls, cycle.after_shown, cycle.after_calls) == (
        2, 20, 14, 14)
    assert cycle.verdict == Verdict.CHANGED
    assert "boss" in cycle.notes


def test_a_known_effect_is_recorded_as_changed() -> None:
    cycle = _control_cycle()
    _spread(cycle, date(2026, 9, 5), shown=2, not_shown=18)
    _spread(cycle, TRAINED + timedelta(days=1), shown=16, not_shown=4)
    outcomes(cycle.operator, cycle.skill, TRAINED, not_shown=5)  # the training day: neither side
    cycle = cycle_record_result(cycle=cycle, recorded_by=None, on=DUE)
    assert (cycle.before_shown, cycle.before_calls, cycle.after_shown, cycle.after_calls) == (
        2, 20, 16, 20)
    assert cycle.p_value == pytest.approx(1.6643814e-05, rel=1e-6)
    assert (cycle.stage, cycle.verdict) == (Stage.DONE, Verdict.CHANGED)


def test_no_effect_is_recorded_as_unchanged() -> None:
    cycle = _control_cycle()
    _spread(cycle, date(2026, 9, 5), shown=10, not_shown=10)
    _spread(cycle, TRAINED + timedelta(days=1), shown=11, not_shown=9)
    cycle = cycle_record_result(cycle=cycle, recorded_by=None, on=DUE)
    assert cycle.verdict == Verdict.UNCHANGED
    assert cycle.p_value == pytest.approx(1.0)


def test_three_calls_after_is_too_few() -> None:
    cycle = _control_cycle()
    _spread(cycle, date(2026, 9, 5), shown=2, not_shown=18)
    _spread(cycle, TRAINED + timedelta(days=1), shown=3, not_shown=0)
    cycle = cycle_record_result(cycle=cycle, recorded_by=None, on=DUE)
    assert (cycle.verdict, cycle.p_value, cycle.after_calls) == (Verdict.TOO_FEW, None, 3)


def test_a_control_before_the_due_date_is_refused_in_russian() -> None:
    cycle = _control_cycle()
    with pytest.raises(DomainError, match="ещё рано.*15.10.2026"):
        cycle_record_result(cycle=cycle, recorded_by=None, on=DUE - timedelta(days=1))
    cycle.refresh_from_db()
    assert (cycle.stage, cycle.verdict) == (Stage.CONTROL, "")


def test_recording_twice_changes_nothing_and_a_cancelled_cycle_is_refused() -> None:
    cycle = _control_cycle()
    _spread(cycle, date(2026, 9, 5), shown=2, not_shown=18)
    first = cycle_record_result(cycle=cycle, recorded_by=None, on=DUE)
    outcomes(cycle.operator, cycle.skill, TRAINED + timedelta(days=2), shown=30)
    again = cycle_record_result(cycle=cycle, recorded_by=None, on=DUE + timedelta(days=1))
    assert (again.after_calls, again.closed_at, again.verdict) == (
        first.after_calls, first.closed_at, first.verdict)
    cancelled = _control_cycle()
    cycle_cancel(cycle=cancelled)
    with pytest.raises(CycleConflict):
        cycle_record_result(cycle=cancelled, recorded_by=None, on=DUE)


def test_a_late_control_measures_at_most_four_weeks_after_the_training() -> None:
    cycle = _control_cycle()
    outcomes(cycle.operator, cycle.skill, TRAINED + timedelta(days=28), shown=1)
    outcomes(cycle.operator, cycle.skill, TRAINED + timedelta(days=29), shown=1)
    cycle = cycle_record_result(cycle=cycle, recorded_by=None, on=TRAINED + timedelta(days=60))
    assert cycle.after_calls == 1


def test_the_recorder_can_undo_the_result_and_the_cycle_waits_for_its_control_again() -> None:
    cycle = _control_cycle()
    _spread(cycle, date(2026, 9, 1), shown=3, not_shown=9)
    _spread(cycle, TRAINED + timedelta(days=1), shown=10, not_shown=2)
    recorder = UserFactory(username="boss")
    cycle = cycle_record_result(cycle=cycle, recorded_by=recorder, on=DUE)
    assert (cycle.stage, cycle.controlled_on, cycle.result_recorded_by) == (Stage.DONE, DUE,
                                                                            recorder)
    assert cycle.result_recorded_at is not None
    cycle = cycle_result_undo(cycle=cycle, user=recorder)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.CONTROL and cycle.verdict == ""
    assert (cycle.before_calls, cycle.after_calls, cycle.controlled_on, cycle.closed_at) == (
        None, None, None, None)
    assert cycle.result_undone_by == recorder and cycle.result_undone_at is not None
    assert "Результат отменил(а) boss" in cycle.notes and "Результат записал(а) boss" in cycle.notes
    # Recorded again, as a control re-listen can be.
    assert cycle_record_result(cycle=cycle, recorded_by=recorder, on=DUE).stage == Stage.DONE


def test_someone_else_cannot_undo_a_result() -> None:
    cycle = _control_cycle()
    cycle = cycle_record_result(cycle=cycle, recorded_by=UserFactory(), on=DUE)
    with pytest.raises(NotTheRecorder):
        cycle_result_undo(cycle=cycle, user=UserFactory())
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DONE
    not_recorded = _control_cycle()
    with pytest.raises(CycleConflict):
        cycle_result_undo(cycle=not_recorded, user=UserFactory())


def test_undo_is_refused_when_a_new_cycle_for_the_skill_is_open() -> None:
    recorder = UserFactory()
    cycle = cycle_record_result(cycle=_control_cycle(), recorded_by=recorder, on=DUE)
    CoachingCycleFactory(operator=cycle.operator, skill=cycle.skill, stage=Stage.LISTEN)
    with pytest.raises(CycleConflict, match="уже идёт новый цикл"):
        cycle_result_undo(cycle=cycle, user=recorder)


def test_the_control_date_never_falls_before_the_training_nor_in_the_future() -> None:
    today = timezone.localdate()
    cycle = _control_cycle()
    assert "раньше даты обучения" in (control_date_error(cycle, TRAINED - timedelta(days=1),
                                                         today=today) or "")
    assert "ещё рано" in (control_date_error(cycle, TRAINED + timedelta(days=1),
                                             today=today) or "")
    assert control_date_error(cycle, DUE, today=today) is None
    assert "в будущем" in (control_date_error(cycle, today + timedelta(days=1), today=today)
                           or "")
    with pytest.raises(DomainError, match="в будущем"):
        cycle_record_result(cycle=cycle, recorded_by=None, on=today + timedelta(days=1))


def test_the_database_refuses_a_control_before_the_training() -> None:
    cycle = _control_cycle()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingCycle.objects.filter(pk=cycle.pk).update(controlled_on=TRAINED - timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingCycle.objects.filter(pk=cycle.pk).update(control_due=TRAINED - timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingCycle.objects.filter(pk=cycle.pk).update(trained_on=None)
