from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from project.errors import DomainError
from scripts_library.sidebar.tokens import operator_token


class Command(BaseCommand):
    help = (
        "Print the CRM sidebar's API token of an operator (by operator code), creating it when "
        "missing; --rotate replaces it (the old token stops working at once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operator_code")
        parser.add_argument("--rotate", action="store_true", help="replace the existing token")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            operator, token, created = operator_token(
                operator_code=options["operator_code"], rotate=options["rotate"]
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        if options["verbosity"] >= 1:
            state = "new" if created else "existing"
            self.stderr.write(f"{state} token of {operator.code} ({operator.user}):")
        self.stdout.write(token.key)
