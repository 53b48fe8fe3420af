from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from calls.errors import DomainError
from calls.management.arguments import iso_date
from calls.models import ReanalysisRun
from calls.taxonomy.reanalysis import reanalysis_run_slice, reanalysis_start


class Command(BaseCommand):
    help = (
        "Re-tag analysed calls with the current taxonomy: auto tags are replaced, manual tags "
        "stay. Queues a background run (progress on /taxonomy/) unless --sync."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=iso_date, default=None,
                            help="only calls that started on or after this date (YYYY-MM-DD)")
        parser.add_argument("--sync", action="store_true",
                            help="run here, with a progress bar, instead of in the task cluster")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = reanalysis_start(since=options["since"], enqueue=not options["sync"])
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
