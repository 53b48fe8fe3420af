"""The calls app's periodic tasks, registered in CallsConfig.ready()."""

from django_q.models import Schedule

from project.schedules import PeriodicTask

SCHEDULES = [
    # Recovers calls whose worker died or whose broker message was lost (calls/pipeline.py).
    PeriodicTask(
        name="requeue-stuck-calls", func="calls.tasks.requeue_stuck_calls",
        schedule_type=Schedule.MINUTES, minutes=5,
    ),
]
