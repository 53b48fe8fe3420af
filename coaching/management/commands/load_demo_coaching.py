from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from calls.models import Line, Operator
from coaching.demo.coaching import (
    demo_import_cycle_calls,
    demo_load_cycles,
    demo_load_evaluations,
)
from coaching.demo.loading import (
    demo_load_scorecard,
    demo_load_skills,
    demo_queue_skills_reanalysis,
)
from project.errors import DomainError


class Command(BaseCommand):
    help = (
        "Load the demo skills (coaching/demo/skills.yaml, only when there are no skills) and the "
        "demo scorecard (only when there is none); with the demo people and lines (`load_demo`), "
        "also Dmitry's calls around a training, evaluations, a calibration and the coaching "
        "cycles (coaching/demo/coaching.py), each only when there are none. Run before the "
        "cluster analyses the demo calls, or `reanalyse --analyser skills` afterwards. Safe to "
        "re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            skills = demo_load_skills()
            scorecard = demo_load_scorecard()
            rerun = demo_queue_skills_reanalysis() if skills is not None else None
            cycle_note = self._cycle_demo()
        except DomainError as error:
            raise CommandError(error.message) from None
        if options["verbosity"] >= 1:
            loaded = "kept as they are" if skills is None else f"{skills.created} items created"
            card = "kept as it is" if scorecard is None else f"«{scorecard.name}» created"
            queued = f"; re-analysis #{rerun.pk} queued" if rerun is not None else ""
            self.stdout.write(self.style.SUCCESS(
                f"Demo skills: {loaded}; scorecard: {card}{queued}; {cycle_note}."
            ))

    def _cycle_demo(self) -> str:
        if not (Operator.objects.filter(code="dmitry").exists()
                and Line.objects.filter(code="support").exists()):
            return "coaching cycle skipped (no demo people: run load_demo first)"
        calls = demo_import_cycle_calls()
        evaluations = demo_load_evaluations(calls=calls)
        cycles = demo_load_cycles()
        return (f"{len(calls)} coaching calls, {len(evaluations.evaluations)} evaluations "
                f"and {len(cycles)} cycles created")
