from typing import Any

from django.core.management.base import BaseCommand
from django_q.models import Schedule


class Command(BaseCommand):
    help = "Create or update the periodic tasks of the cluster. Safe to re-run."

    SCHEDULES = [
        {
            "name": "requeue-stuck-calls",
            "func": "calls.tasks.requeue_stuck_calls",
            "schedule_type": Schedule.MINUTES,
            "minutes": 5,
        },
    ]

    def handle(self, *args: Any, **options: Any) -> None:
        for spec in self.SCHEDULES:
            _schedule, created = Schedule.objects.update_or_create(
                name=spec["name"], defaults={k: v for k, v in spec.items() if k != "name"}
            )
            self.stdout.write(f"{'created' if created else 'updated'}: {spec['name']}")
