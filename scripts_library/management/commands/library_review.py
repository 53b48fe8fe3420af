"""python manage.py library_review [--month YYYY-MM]: open a month's library review by hand."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from project.russian import plural
from scripts_library.models import ReviewSuggestion
from scripts_library.review.services import month_period, previous_month, review_open


def _month(value: str) -> date:
    found = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise CommandError(f"Месяц «{value}»: нужен вид ГГГГ-ММ, например 2026-10.")
    return date(int(found.group(1)), int(found.group(2)), 1)


class Command(BaseCommand):
    help = ("Открывает обзор библиотеки за месяц (по умолчанию — за прошлый): предложения из "
            "звонков этого месяца. Повторный запуск за тот же месяц ничего не меняет.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default=None, help="месяц ГГГГ-ММ, например 2026-10")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["month"]:
            period_start, period_end = month_period(_month(options["month"]))
        else:
            period_start, period_end = previous_month(timezone.localdate())
        review, created = review_open(period_start=period_start, period_end=period_end)
        counts = {kind.label: review.suggestions.filter(kind=kind).count()
                  for kind in ReviewSuggestion.Kind}
        state = "открыт" if created else "уже был открыт"
        self.stdout.write(f"Обзор за {review.period_label} {state} (id {review.pk}): "
                          f"{plural(review.calls_considered, 'звонок,звонка,звонков')}; "
                          + ", ".join(f"{label} — {count}" for label, count in counts.items()))
