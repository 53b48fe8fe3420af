"""The gaps page's filter: period, team and the share that makes a skill a topic."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Team
from coaching.competency.forms import PeriodForm
from coaching.gaps.queries import MIN_SHARE
from coaching.models import Skill
from coaching.teams import teams_for
from project.roles import AnyUser

DEFAULT_SHARE = round(100 * MIN_SHARE)


class _TeamShareForm(PeriodForm):
    """A period, one of the person's teams (a `team` field) and the share below target (a
    `share` field, percent; DEFAULT_SHARE when left empty)."""

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["team"].queryset = teams_for(user)

    def min_share(self) -> float:
        share = self.cleaned_data.get("share")
        return (share if share is not None else DEFAULT_SHARE) / 100


class GapsForm(_TeamShareForm):
    team = forms.ModelChoiceField(label=_("Команда"), queryset=Team.objects.none(),
                                  required=False, empty_label=None)
    share = forms.IntegerField(label=_("Доля ниже цели, %"), required=False, min_value=1,
                               max_value=100)


class GapTrainingForm(_TeamShareForm):
    """The one-click button: which team's gap on which skill, over which period."""

    team = forms.ModelChoiceField(label=_("Команда"), queryset=Team.objects.none())
    skill = forms.ModelChoiceField(label=_("Навык"), queryset=Skill.objects.active())
    share = forms.IntegerField(required=False, min_value=1, max_value=100)
