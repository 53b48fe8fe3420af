"""Argument types shared by the management commands."""

from datetime import date

from django.core.management.base import CommandError


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date YYYY-MM-DD: {value!r}") from None
