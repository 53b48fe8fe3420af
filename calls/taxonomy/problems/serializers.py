"""The query of the top-problems and co-occurrence APIs: a period and a line, checked with
Russian messages (a bad date, an inverted or too long period, an unknown line → 400)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from calls.models import Line, TagCategory
from calls.taxonomy.problems.scope import Period

# Longer periods are refused: the comparison with the previous period would reach back years,
# and a page over everything is what the export is for.
MAX_PERIOD_DAYS = 366
# Without dates: the last week, today included, against the week before.
DEFAULT_PERIOD_DAYS = 7


def default_period(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(date_from=today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), date_to=today)


def refuse_empty(params: QueryDict, names: tuple[str, ...]) -> None:
    for name in names:
        # A program sending `date_from=` has a bug and is told so (as the other APIs do).
        if name in params and params.get(name) == "":
            raise exceptions.ValidationError(
                {name: [_("Пустое значение: укажите его или уберите параметр.")]}
            )


class PeriodQuery(serializers.Serializer):
    date_from = serializers.DateField(
        required=False,
        help_text="Начало периода (дата звонка, по Москве). Без дат — последние "
        "7 дней, сегодня включительно.",
    )
    date_to = serializers.DateField(required=False, help_text="Конец периода, включительно.")
    line = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Line.objects.all(),
        required=False,
        help_text="Код линии; без него — все линии.",
        error_messages={"does_not_exist": "Линии «{value}» нет.", "invalid": "Код линии — строка."},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        default = default_period()
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from is None and date_to is None:
            date_from, date_to = default.date_from, default.date_to
        elif date_from is None:
            assert date_to is not None
            date_from = date_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        elif date_to is None:
            date_to = min(timezone.localdate(), date_from + timedelta(days=DEFAULT_PERIOD_DAYS - 1))
            date_to = max(date_to, date_from)
        if date_from > date_to:
            raise serializers.ValidationError({"date_to": _("Конец периода раньше его начала.")})
        if (date_to - date_from).days + 1 > MAX_PERIOD_DAYS:
            raise serializers.ValidationError(
                {
                    "date_to": _("Период длиннее %(days)d дней: выберите период короче.")
                    % {"days": MAX_PERIOD_DAYS}
                }
            )
        attrs["period"] = Period(date_from=date_from, date_to=date_to)
        return attrs


class CooccurrenceQuery(PeriodQuery):
    category = serializers.PrimaryKeyRelatedField(
        queryset=TagCategory.objects.all(),
        required=False,
        help_text="id категории тегов: пары, где хотя бы один тег из неё.",
        error_messages={
            "does_not_exist": "Категории с id {pk_value} нет.",
            "incorrect_type": "id категории — целое число.",
        },
    )


class DifferenceIntervalOutput(serializers.Serializer):
    low = serializers.FloatField()
    high = serializers.FloatField()
