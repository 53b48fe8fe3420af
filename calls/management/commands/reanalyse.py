from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from calls.analysis import analyser_names
from calls.management.arguments import iso_date
from calls.models import ReanalysisRun
from calls.reanalysis import reanalysis_run_slice, reanalysis_start
from project.errors import DomainError


class Command(BaseCommand):
    help = (
        "Re-analyse analysed calls with every registered analyser (or one, with --analyser): "
        "auto tags and other derived facts are replaced, manual tags stay. Queues a background "
        "run (progress on /taxonomy/) unless --sync."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=iso_date, default=None,
                            help="only calls that started on or after this date (YYYY-MM-DD)")
        parser.add_argument("--analyser", default="", metavar="NAME",
                            help="only this analyser and those that read its output "
                                 f"(registered: {', '.join(analyser_names())})")
        parser.add_argument("--sync", action="store_true",
                            help="run here, with a progress bar, instead of in the task cluster")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = reanalysis_start(since=options["since"], analyser=options["analyser"],
                                   enqueue=not options["sync"])
        except DomainError as error:
            raise CommandError(error.message) from None
        if not options["sync"]:
            self.stdout.write(f"Re-analysis #{run.pk} of {run.total} calls queued.")
            return
        with tqdm(total=run.total, unit="call", file=sys.stderr,
                  disable=options["verbosity"] == 0) as bar:

            def advance(count: int) -> None:
                bar.update(count)

            reanalysis_run_slice(run_id=run.pk, seconds=None, progress=advance)
        run.refresh_from_db()
        if run.status != ReanalysisRun.Status.DONE:
            raise CommandError(f"Re-analysis #{run.pk} ended as {run.status}: {run.error}")
        elapsed = (run.finished_at - run.started_at).total_seconds()  # type: ignore[operator]
        self.stdout.write(f"Re-analysed {run.done} calls in {elapsed:.1f} s.")
