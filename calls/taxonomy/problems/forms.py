"""The filters of the top-problems and co-occurrence pages: a period, a line and (co-occurrence)
a tag category, with the API's rules (calls/taxonomy/problems/serializers.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Line, TagCategory
from calls.taxonomy.problems.scope import Period
from calls.taxonomy.problems.serializers import DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS
from project.widgets import DateInput


class ProblemsFilterForm(forms.Form):
    date_from = forms.DateField(label=_("с даты"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("по дату"), required=False, widget=DateInput())
    line = forms.ModelChoiceField(
        label=_("линия"),
        queryset=Line.objects.order_by("name"),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("Такой линии нет.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("Конец периода раньше его начала."))
            elif (date_to - date_from).days + 1 > MAX_PERIOD_DAYS:
                self.add_error(
                    "date_to",
                    _("Период длиннее %(days)d дней: выберите период короче.")
                    % {"days": MAX_PERIOD_DAYS},
                )
        return cleaned

    def period(self, default: Period) -> Period:
        date_from, date_to = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if date_from and date_to:
            return Period(date_from=date_from, date_to=date_to)
        if date_from:
            return Period(
                date_from=date_from, date_to=date_from + timedelta(days=DEFAULT_PERIOD_DAYS - 1)
            )
        if date_to:
            return Period(
                date_from=date_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1), date_to=date_to
            )
        return default


class CooccurrenceFilterForm(ProblemsFilterForm):
    category = forms.ModelChoiceField(
        label=_("категория"),
        queryset=TagCategory.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Такой категории нет.")},
    )


class MomentsForm(ProblemsFilterForm):
    tag = forms.SlugField(label=_("тег"))
