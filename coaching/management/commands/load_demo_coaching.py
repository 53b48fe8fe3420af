from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coaching.demo.loading import (
    demo_load_scorecard,
    demo_load_skills,
    demo_queue_skills_reanalysis,
)
from project.errors import DomainError


class Command(BaseCommand):
    help = (
        "Load the demo skills (coaching/demo/skills.yaml, only when there are no skills) and the "
        "demo scorecard (only when there is none). Run before the cluster analyses the demo "
        "calls, or `reanalyse --analyser skills` afterwards. Safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            skills = demo_load_skills()
            scorecard = demo_load_scorecard()
            rerun = demo_queue_skills_reanalysis() if skills is not None else None
        except DomainError as error:
            raise CommandError(error.message) from None
        if options["verbosity"] >= 1:
            loaded = "kept as they are" if skills is None else f"{skills.created} items created"
            card = "kept as it is" if scorecard is None else f"«{scorecard.name}» created"
            queued = f"; re-analysis #{rerun.pk} queued" if rerun is not None else ""
            self.stdout.write(self.style.SUCCESS(
                f"Demo skills: {loaded}; scorecard: {card}{queued}."
            ))
