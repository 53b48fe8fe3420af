"""python manage.py taxonomy_review [--month YYYY-MM]: open a month's taxonomy review by hand."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from calls.models import ReviewSuggestion
from calls.taxonomy.review.services import previous_month, review_open
from project.russian import plural


def _month(value: str) -> date:
    found = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise CommandError(f"Месяц «{value}»: нужен вид ГГГГ-ММ, например 2026-10.")
    return date(int(found.group(1)), int(found.group(2)), 1)


class Command(BaseCommand):
    help = (
        "Открывает обзор таксономии за месяц (по умолчанию — за прошлый): какие теги вывести, "
        "какие добавить, уточнить, объединить и какие фразы добавить. Повторный запуск за тот "
        "же месяц ничего не меняет."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default=None, help="месяц ГГГГ-ММ, например 2026-10")

    def handle(self, *args: Any, **options: Any) -> None:
        month = (
            _month(options["month"]) if options["month"] else previous_month(timezone.localdate())
        )
        review, created = review_open(month=month)
        counts = {
            str(kind.label): review.suggestions.filter(kind=kind).count()
            for kind in ReviewSuggestion.Kind
        }
        state = "открыт" if created else "уже был открыт"
        self.stdout.write(
            f"Обзор таксономии за {review.month:%m.%Y} {state} (id {review.pk}): "
            f"{plural(review.calls_considered, 'звонок,звонка,звонков')} без проблемных тегов; "
            + ", ".join(f"{label} — {count}" for label, count in counts.items())
        )
