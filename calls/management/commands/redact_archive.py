from __future__ import annotations

import sys
from argparse import BooleanOptionalAction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from calls.models import RedactionRun
from calls.redaction.archive import redaction_resume, redaction_run_slice, redaction_start
from project.errors import DomainError


def describe(run: RedactionRun) -> str:
    line = (f"Redaction #{run.pk}: {run.status}, {run.done}/{run.total} calls ({run.percent}%), "
            f"changed {run.changed}, recordings muted {run.muted}, "
            f"recordings failed {run.audio_failed}")
    if not run.audio:
        line += ", transcripts only"
    if run.error:
        line += f"; error: {run.error}"
    return line


class Command(BaseCommand):
    help = (
        "Redact personal data (cards, phones, e-mails, passports, СНИЛС, ИНН, accounts) in the "
        "stored transcripts and mute it in the recordings. Queues a background run, resumable, "
        "with progress (--status, the admin), unless --sync. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--audio", action=BooleanOptionalAction, default=True,
                            help="also mute the redacted seconds in recordings, on lines with "
                                 "redact_audio (default: yes)")
        parser.add_argument("--resume", action="store_true",
                            help="continue the latest run that did not finish, from where it "
                                 "stopped")
        parser.add_argument("--status", action="store_true",
                            help="print the progress of the latest runs and exit")
        parser.add_argument("--sync", action="store_true",
                            help="run here, with a progress bar, instead of in the task cluster")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            runs = list(RedactionRun.objects.order_by("-created_at", "-pk")[:5])
            if not runs:
                self.stdout.write("No archive redaction has run yet.")
            for run in runs:
                self.stdout.write(describe(run))
            return
        sync = options["sync"]
        try:
            if options["resume"]:
                run = redaction_resume(enqueue=not sync)
            else:
                run = redaction_start(audio=options["audio"], enqueue=not sync)
        except DomainError as error:
            raise CommandError(error.message) from None
        if not sync:
            verb = "resumed" if options["resume"] else "queued"
            self.stdout.write(f"Redaction #{run.pk} of {run.total} calls {verb} "
                              f"(progress: manage.py redact_archive --status).")
            return
        with tqdm(total=run.total, initial=run.done, unit="call", file=sys.stderr,
                  disable=options["verbosity"] == 0) as bar:

            def advance(count: int) -> None:
                bar.update(count)

            redaction_run_slice(run_id=run.pk, seconds=None, progress=advance)
        run.refresh_from_db()
        if run.status != RedactionRun.Status.DONE:
            raise CommandError(describe(run))
        self.stdout.write(describe(run))
