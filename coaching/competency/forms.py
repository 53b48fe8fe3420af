"""The pages' period picker and the calls list's filter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.competency.queries import APPLICABLE, Period
from coaching.models import SkillResult
from project.widgets import DateInput

DEFAULT_DAYS = 30


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("с даты"), required=False,
                                widget=DateInput())
    date_to = forms.DateField(label=_("по дату"), required=False,
                              widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Конец периода раньше его начала."))
        return cleaned

    def period(self) -> Period:
        return Period(date_from=self.cleaned_data.get("date_from"),
                      date_to=self.cleaned_data.get("date_to"))


def default_period() -> Period:
    """The last 30 days, when the page is opened without a period."""
    today = timezone.localdate()
    return Period(date_from=today - timedelta(days=DEFAULT_DAYS - 1), date_to=today)


class SkillCallsForm(PeriodForm):
    status = forms.ChoiceField(
        label=_("итог"),
        choices=[(SkillResult.Status.SHOWN, _("проявлен")),
                 (SkillResult.Status.NOT_SHOWN, _("пропущен")),
                 (APPLICABLE, _("уместен"))],
    )
