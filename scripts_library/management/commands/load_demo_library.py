from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from project.errors import DomainError
from scripts_library.demo.loading import (
    demo_analyse_sales_calls,
    demo_import_sales_calls,
    demo_load_library,
    demo_open_review,
)


class Command(BaseCommand):
    help = (
        "Load the demo objection library (scripts_library/demo/library.yaml, only into an empty "
        "library) and the demo sales calls with objections (transcripts, analysed at once), and "
        "open the library review of their period when there is no review yet. Run after "
        "load_demo, which creates the operators and lines. Safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            library = demo_load_library()
            calls = demo_import_sales_calls()
        except DomainError as error:
            raise CommandError(f"{error.message} (run `manage.py load_demo` first?)") from None
        analysed = demo_analyse_sales_calls()
        review = demo_open_review()
        if options["verbosity"] >= 1:
            loaded = ("kept as it is" if library is None
                      else f"{library.created} items created")
            reviewed = ("a review exists already" if review is None
                        else f"review {review.period_label} opened with "
                        f"{review.suggestions.count()} suggestions")
            self.stdout.write(self.style.SUCCESS(
                f"Demo library: {loaded}; sales calls {len(calls.created)} new / "
                f"{len(calls.existing)} existing, {analysed} analysed; {reviewed}."
            ))
