"""Load the demo contact center: logins for every role, teams, operators, lines and the calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from calls.demo.actions import demo_load_actions
from calls.demo.dialogs import DEMO_TZ, Dialog, load_dialogs
from calls.demo.seed import (
    demo_credentials,
    demo_ingest_calls,
    demo_seed_lines,
    demo_seed_people,
)
from calls.errors import AudioRejected
from calls.ingestion import IngestResult
from calls.models import Tag
from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file

DEMO_TAXONOMY = Path(__file__).resolve().parents[2] / "demo" / "taxonomy.json"


class Command(BaseCommand):
    help = (
        "Create the demo users (one per role, plus four operators), two teams, the lines, "
        "ingest the twelve synthesized demo calls from calls/demo/audio/, which the task "
        "cluster then transcribes, and two departments with a finding each and a goal. Safe to "
        "re-run: nothing is duplicated and existing users keep "
        "their passwords. --credentials only prints the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--credentials", action="store_true",
            help="Print the demo logins and passwords and change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["credentials"]:
            self._print_credentials()
            return
        verbosity: int = options["verbosity"]

        people = demo_seed_people()
        lines = demo_seed_lines()
        new_users = sum(user.created for user in people.users)
        # Before the calls, so their analysis finds tags. Only into an empty taxonomy: a re-run
        # must not undo what an admin has since edited.
        if not Tag.objects.exists():
            taxonomy = taxonomy_import(data=taxonomy_read_file(DEMO_TAXONOMY))
            if verbosity >= 1:
                self.stdout.write(f"Demo taxonomy: {taxonomy.created} items created.")

        def report(dialog: Dialog, result: IngestResult) -> None:
            if verbosity >= 2:
                state = "new" if result.created else "exists"
                self.stdout.write(f"  {dialog.id}: {state}, {result.call.get_status_display()}")

        try:
            calls = demo_ingest_calls(dialogs=load_dialogs(), on_result=report)
        except (FileNotFoundError, AudioRejected) as error:
            raise CommandError(str(error)) from error

        # The departments, their findings and the manager's goal, on the calls just taken in.
        actions = demo_load_actions(today=timezone.localdate(timezone=DEMO_TZ))

        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Demo: users {new_users} new / {len(people.users) - new_users} existing, "
                f"{len(people.teams)} teams, {len(people.operators)} operators, "
                f"{len(lines)} lines, calls {len(calls.created)} new / "
                f"{len(calls.existing)} existing; departments {actions.departments}, "
                f"findings {actions.findings}, goals {actions.goals} new."
            ))
            if calls.created:
                self.stdout.write("New calls are queued; the task cluster transcribes them.")
        if verbosity >= 2:
            self._print_credentials()

    def _print_credentials(self) -> None:
        self.stdout.write("Demo logins (password is the same for all):")
        for username, password, role in demo_credentials():
            self.stdout.write(f"  {role.value:<9} {username:<8} {password}")
