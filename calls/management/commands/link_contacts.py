import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from calls.contacts.links import contacts_link_all, link_unlinked_calls, unlinked_call_ids


class Command(BaseCommand):
    help = (
        "Recompute the repeat-contact links of the whole archive (docs/contacts.md): after a "
        "change of REPEAT_WINDOW_DAYS or REPEAT_TRANSFER_MINUTES, or to repair. With --missing, "
        "only link the calls that have a customer key and no link yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--missing", action="store_true",
                            help="Link only the calls without a link (the periodic catch-up).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Say how many calls have no link, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"Calls with a customer key and no link: {len(unlinked_call_ids())}")
            return
        started = time.perf_counter()
        if options["missing"]:
            count = link_unlinked_calls()
            self.stdout.write(f"Linked {count} calls in {time.perf_counter() - started:.1f} s")
            return
        count = contacts_link_all()
        self.stdout.write(f"Linked {count} calls in {time.perf_counter() - started:.1f} s")
