"""The dashboard page's filters: a period (default the last four weeks), a line and a team (only
the teams whose calls the person sees), with the same rules as the API (serializers.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.dashboard.queries import DEFAULT_PERIOD_DAYS, default_period, teams_to_choose
from calls.models import Line, Team
from calls.taxonomy.problems.scope import Period
from calls.taxonomy.problems.serializers import MAX_PERIOD_DAYS
from project.roles import AnyUser
from project.widgets import DateInput


def period_of(date_from: date | None, date_to: date | None, *, today: date) -> Period:
    """The period the filters mean: both dates as given; one of them, four weeks from it or up
    to it; none, the last four weeks (today included)."""
    if date_from and date_to:
        return Period(date_from=date_from, date_to=date_to)
    if date_from:
        return Period(date_from=date_from,
                      date_to=date_from + timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    if date_to:
        return Period(date_from=date_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1),
                      date_to=date_to)
    return default_period(today)


def period_error(date_from: date | None, date_to: date | None) -> str | None:
    if date_from and date_to:
        if date_from > date_to:
            return str(_("Конец периода раньше его начала."))
        if (date_to - date_from).days + 1 > MAX_PERIOD_DAYS:
            return str(_("Период длиннее %(days)d дней: выберите период короче.")
                       % {"days": MAX_PERIOD_DAYS})
    return None


# The largest id a database column holds; a larger number is no team, not a database error.
MAX_ID = 2**63 - 1


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value)
        if not text.isdigit() or int(text) > MAX_ID:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        return super().to_python(text)


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(label=_("с даты"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("по дату"), required=False, widget=DateInput())
    line = forms.ModelChoiceField(
        label=_("линия"),
        queryset=Line.objects.order_by("name"),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("Такой линии нет.")},
    )
    team = TeamChoiceField(
        label=_("команда"),
        queryset=Team.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Такой команды нет среди ваших.")},
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_to_choose(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        error = period_error(cleaned.get("date_from"), cleaned.get("date_to"))
        if error:
            self.add_error("date_to", error)
        return cleaned

    def period(self, *, today: date) -> Period:
        return period_of(
            self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to"), today=today
        )
