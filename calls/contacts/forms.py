"""The contacts pages' forms: the overview's filter (a period, a line, the grouping) and a goal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.contacts.queries import BY_CHOICES
from calls.models import ContactGoal, Line, Tag, Team
from calls.taxonomy.problems.forms import ProblemsFilterForm
from calls.taxonomy.problems.scope import Period
from project.roles import AnyUser, Role, has_role
from project.widgets import DateInput

# Without dates: the last 30 days, today included (FCR counts the part whose window closed).
DEFAULT_DAYS = 30
BY_LABELS = {
    "tag": _("по тегам"), "operator": _("по операторам"), "team": _("по командам"),
    "line": _("по линиям"),
}
# The longest goal: a year (its baseline reaches a year back).
MAX_GOAL_DAYS = 366


def default_period(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(date_from=today - timedelta(days=DEFAULT_DAYS - 1), date_to=today)


class OverviewFilterForm(ProblemsFilterForm):
    by = forms.ChoiceField(
        label=_("группировка"), required=False,
        choices=[(value, BY_LABELS[value]) for value in BY_CHOICES],
        error_messages={"invalid_choice": _("Группировка: по тегам, операторам, командам или "
                                            "линиям.")},
    )


class GoalForm(forms.ModelForm):
    class Meta:
        model = ContactGoal
        fields = ["name", "metric", "target_change", "tag", "line", "team", "starts_on",
                  "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"target_change": _("Изменение к базе в процентах: −15 — на 15% меньше.")}

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["line"].queryset = Line.objects.order_by("name")  # type: ignore[attr-defined]
        teams = Team.objects.order_by("name")
        if not has_role(user, Role.ADMIN):
            # A manager sets goals for their own teams (or for all their calls).
            teams = teams.filter(manager__pk=user.pk or 0)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean_target_change(self) -> float:
        value = self.cleaned_data["target_change"]
        if not -100 <= value <= 1000 or value == 0:
            raise forms.ValidationError(_("Цель — изменение от −100% до +1000%, не ноль."))
        return float(value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("Конец периода раньше его начала."))
            elif (ends_on - starts_on).days + 1 > MAX_GOAL_DAYS:
                self.add_error("ends_on", _("Цель длиннее года: выберите период короче."))
        return cleaned
