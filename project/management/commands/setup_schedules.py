from typing import Any

from django.core.management.base import BaseCommand

from project.schedules import schedules_ensure


class Command(BaseCommand):
    help = "Create or update the periodic tasks every app registers. Safe to re-run."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, created in schedules_ensure():
            self.stdout.write(f"{'created' if created else 'updated'}: {name}")
