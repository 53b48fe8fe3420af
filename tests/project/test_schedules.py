"""project/schedules.py and setup_schedules: every app's periodic tasks, created once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django_q.models import Schedule

from project import schedules
from project.schedules import PeriodicTask, register_schedule, registered_schedules

pytestmark = pytest.mark.django_db


def test_setup_schedules_creates_what_the_apps_registered_and_is_rerunnable(
    run_command: Callable[..., str],
) -> None:
    assert "requeue-stuck-calls" in {task.name for task in registered_schedules()}

    assert "created: requeue-stuck-calls" in run_command("setup_schedules")
    Schedule.objects.filter(name="requeue-stuck-calls").update(minutes=60)
    assert "updated: requeue-stuck-calls" in run_command("setup_schedules")

    schedule = Schedule.objects.get(name="requeue-stuck-calls")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "calls.tasks.requeue_stuck_calls", Schedule.MINUTES, 1)
    assert Schedule.objects.count() == len(registered_schedules())


def test_a_later_app_adds_its_schedule(
    monkeypatch: pytest.MonkeyPatch, run_command: Callable[..., str],
) -> None:
    monkeypatch.setattr(schedules, "_schedules", dict(schedules._schedules))
    register_schedule(PeriodicTask(name="weekly-report", func="calls.tasks.requeue_stuck_calls",
                                   schedule_type=Schedule.WEEKLY))
    run_command("setup_schedules")
    assert Schedule.objects.get(name="weekly-report").schedule_type == Schedule.WEEKLY


def test_two_different_schedules_cannot_share_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedules, "_schedules", dict(schedules._schedules))
    with pytest.raises(ValueError, match="requeue-stuck-calls"):
        register_schedule(PeriodicTask(name="requeue-stuck-calls", func="other.task", minutes=1))
