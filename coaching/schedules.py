"""Coaching's periodic tasks, registered in CoachingConfig.ready()."""

from django_q.models import Schedule

from project.schedules import PeriodicTask

SCHEDULES: list[PeriodicTask] = [
    # Every morning at 08:00 the managers hear of the cycles whose control re-listen fell due
    # (coaching/cycles/reminders.py); each cycle is reminded once.
    PeriodicTask(
        name="coaching-cycle-reminders", func="coaching.cycles.tasks.remind_due_cycles",
        schedule_type=Schedule.CRON, cron="0 8 * * *",
    ),
]
