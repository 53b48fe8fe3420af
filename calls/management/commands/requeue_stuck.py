from typing import Any

from django.core.management.base import BaseCommand

from calls.pipeline import calls_requeue_stuck


class Command(BaseCommand):
    help = (
        "Put back in the queue the calls whose worker died mid-way or whose task was lost; "
        "fail those that ran out of attempts. Safe to run at any time, from any machine."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = calls_requeue_stuck()
        self.stdout.write(
            f"Requeued: {report.requeued}, failed (out of attempts): {report.failed}, "
            f"analyses re-sent: {report.analyses}"
        )
