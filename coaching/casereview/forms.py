"""The case review's week and team, read from the query string."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.weeks import Week
from coaching.casereview.evidence import NEEDS_OBJECTION, NEEDS_SKILL, CallList


class WeekForm(forms.Form):
    week = forms.CharField(label=_("неделя"), required=False,
                           widget=forms.TextInput(attrs={"type": "week"}))
    date = forms.DateField(label=_("дата"), required=False)
    team = forms.IntegerField(label=_("команда"), required=False, min_value=1)

    def clean_week(self) -> Week | None:
        text = self.cleaned_data.get("week") or ""
        if not text:
            return None
        try:
            return Week.parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("Неделя указывается как год и номер недели, например 2026-W47.")) from None

    def chosen_week(self, today: datetime.date) -> Week:
        """The week asked for (by its code, else by a day in it), else the last full week."""
        week: Week | None = self.cleaned_data.get("week")
        day: datetime.date | None = self.cleaned_data.get("date")
        if week is not None:
            return week
        if day is not None:
            return Week.of(day)
        return Week.last_full(today)


class CallListForm(WeekForm):
    list = forms.ChoiceField(label=_("список"), choices=[(kind.value, kind.value)
                                                         for kind in CallList])
    objection = forms.IntegerField(label=_("возражение"), required=False, min_value=1)
    skill = forms.IntegerField(label=_("навык"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("list")
        if kind in NEEDS_OBJECTION and not cleaned.get("objection"):
            self.add_error("objection", _("Укажите возражение."))
        if kind in NEEDS_SKILL and not cleaned.get("skill"):
            self.add_error("skill", _("Укажите навык."))
        return cleaned
