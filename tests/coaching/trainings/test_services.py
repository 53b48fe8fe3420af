"""Trainings: from a gap, by hand, held, cancelled — and what they do to the coaching cycles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from coaching.competency.queries import Period
from coaching.cycles.services import CycleConflict
from coaching.gaps.queries import gap_topic
from coaching.models import CoachingCycle, Exemplar, TrainingSession
from coaching.trainings.services import (
    TrainingConflict,
    gap_baseline,
    planned_date,
    training_cancel,
    training_create,
    training_from_gap,
    training_mark_held,
    training_update,
)
from project.errors import DomainError
from tests.coaching.gaps.conftest import Gaps
from tests.factories import CoachingCycleFactory, ExemplarFactory, OperatorFactory


def _from_gap(gaps: Gaps, period: Period | None = None) -> tuple[TrainingSession, bool]:
    topic = gap_topic(team=gaps.team, skill=gaps.need, period=period or gaps.period,
                      user=gaps.team.manager)
    assert topic is not None
    return training_from_gap(team=gaps.team, topic=topic, created_by=gaps.team.manager)


def test_planned_a_week_ahead_on_a_weekday() -> None:
    assert planned_date(date(2026, 11, 30)) == date(2026, 12, 7)  # Monday → Monday
    assert planned_date(date(2026, 12, 5)) == date(2026, 12, 14)  # Saturday → Monday
    assert gap_baseline(Period(date(2026, 11, 1), date(2026, 12, 31)), date(2026, 11, 20)) == (
        date(2026, 11, 1), date(2026, 11, 20))
    assert gap_baseline(Period(None, None), date(2026, 11, 30)) == (
        date(2026, 11, 1), date(2026, 11, 30))


def test_from_gap_the_affected_exemplars_and_cycles_with_the_gaps_baseline(gaps: Gaps) -> None:
    today = timezone.localdate()
    # The period runs past today: the cycles' baseline stops at today.
    period = Period(date_from=today - timedelta(days=20), date_to=today + timedelta(days=10))
    kept = ExemplarFactory(call=gaps.operators["d"].calls.filter(
        skill_results__start=10.0).order_by("-started_at", "-pk").first(), skill=gaps.need,
        start=10.0, end=14.0)
    training, created = _from_gap(gaps, period)
    assert created and training.status == "planned" and training.held_on == planned_date()
    assert training.team == gaps.team and training.skill == gaps.need
    assert training.created_by == gaps.team.manager
    assert sorted(o.code for o in training.attendees.all()) == ["a", "b", "c"]
    # An exemplar already kept for the moment is reused, the other moments kept from the gap.
    assert kept in training.exemplars.all() and Exemplar.objects.count() == 3
    assert Exemplar.objects.filter(source=Exemplar.Source.GAP).count() == 2
    cycles = CoachingCycle.objects.filter(training=training)
    assert sorted(c.operator.code for c in cycles) == ["a", "b", "c"]
    assert {(c.stage, c.baseline_from, c.baseline_to) for c in cycles} == {
        ("train", period.date_from, today)}
    again, created_again = _from_gap(gaps, period)
    assert again == training and not created_again
    assert TrainingSession.objects.count() == 1


def test_an_open_cycle_keeps_its_baseline(gaps: Gaps) -> None:
    started = CoachingCycleFactory(operator=gaps.operators["a"], skill=gaps.need,
                                   baseline_from=date(2026, 9, 1), baseline_to=date(2026, 9, 30))
    training, _ = _from_gap(gaps)
    started.refresh_from_db()
    assert (started.training, started.stage) == (training, "train")
    assert started.baseline_from == date(2026, 9, 1)


def test_held_sets_each_cycles_control_due_two_weeks_later(gaps: Gaps) -> None:
    training, _ = _from_gap(gaps)
    held_on = timezone.localdate() - timedelta(days=1)
    training_mark_held(training=training, held_on=held_on)
    training.refresh_from_db()
    assert (training.status, training.held_on) == ("held", held_on)
    cycles = CoachingCycle.objects.filter(training=training)
    assert {(c.stage, c.trained_on, c.control_due) for c in cycles} == {
        ("control", held_on, held_on + timedelta(days=14))}
    with pytest.raises(TrainingConflict):
        training_mark_held(training=training, held_on=held_on)


def test_held_in_the_future_is_refused(gaps: Gaps) -> None:
    training, _ = _from_gap(gaps)
    with pytest.raises(DomainError, match="в будущем"):
        training_mark_held(training=training, held_on=timezone.localdate() + timedelta(days=1))
    training.refresh_from_db()
    assert training.status == "planned"


def test_cancel_detaches_the_cycles_and_leaves_their_step(gaps: Gaps) -> None:
    training, _ = _from_gap(gaps)
    training_cancel(training=training)
    training.refresh_from_db()
    assert training.status == "cancelled"
    cycles = CoachingCycle.objects.filter(operator__team=gaps.team, skill=gaps.need)
    assert {(c.stage, c.training_id) for c in cycles} == {("train", None)}
    with pytest.raises(CycleConflict):
        training_mark_held(training=training, held_on=timezone.localdate())
    with pytest.raises(TrainingConflict):
        training_cancel(training=training)
    # Cancelled, the team may have a new training from the same gap.
    assert _from_gap(gaps)[1]


def test_by_hand_and_updated_attendees_taken_off_are_detached(gaps: Gaps) -> None:
    a, b = gaps.operators["a"], gaps.operators["b"]
    training = training_create(topic="Потребность", skill=gaps.need, team=gaps.team,
                               held_on=timezone.localdate(), attendees=[a, b],
                               created_by=gaps.team.manager)
    assert CoachingCycle.objects.filter(training=training, stage="train").count() == 2
    newcomer = OperatorFactory(team=gaps.team)
    training_update(training=training, topic="Потребность", skill=gaps.need, team=gaps.team,
                    held_on=timezone.localdate(), attendees=[b, newcomer],
                    updated_by=gaps.team.manager)
    assert sorted(CoachingCycle.objects.filter(training=training).values_list(
        "operator__code", flat=True)) == sorted(["b", newcomer.code])
    assert CoachingCycle.objects.get(operator=a).training is None
