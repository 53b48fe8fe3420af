"""The cohort page's period and team, and the filter of the calls behind a number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from calls.models import Operator, Team
from coaching.cohorts.queries import COHORT_LABELS
from coaching.competency.forms import PeriodForm
from coaching.models import Skill
from coaching.teams import teams_for
from project.roles import AnyUser, Role, has_role

APPLICABLE = "applicable"


class CohortForm(PeriodForm):
    team = forms.ModelChoiceField(label=_("команда"), required=False,
                                  queryset=Team.objects.none(), empty_label=_("все команды"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["team"].queryset = teams_for(user)  # type: ignore[attr-defined]

    def operators(self) -> QuerySet[Operator]:
        team = self.cleaned_data.get("team")
        if team is not None:
            return Operator.objects.filter(team=team)
        if has_role(self.user, Role.TRAINER, Role.ADMIN):
            return Operator.objects.all()
        return Operator.objects.filter(team__in=teams_for(self.user))


class CohortCallsForm(CohortForm):
    cohort = forms.ChoiceField(label=_("группа"),
                               choices=[(c.value, label) for c, label in COHORT_LABELS.items()])
    skill = forms.ModelChoiceField(label=_("навык"), to_field_name="code",
                                   queryset=Skill.objects.active())
    status = forms.ChoiceField(label=_("итог"), choices=[
        ("shown", _("проявлен")), ("not_shown", _("пропущен")),
        (APPLICABLE, _("навык уместен"))])
