"""The cycles list's filters, the start form and the calls-behind-a-number filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Operator, Team
from coaching.models import CoachingCycle, Skill
from project.roles import AnyUser
from project.widgets import DateInput

DATE = DateInput()


class CycleFilterForm(forms.Form):
    team = forms.ModelChoiceField(label=_("команда"), queryset=Team.objects.none(),
                                  required=False, empty_label=_("все"))
    skill = forms.ModelChoiceField(label=_("навык"), queryset=Skill.objects.all(),
                                   required=False, empty_label=_("все"))
    stage = forms.ChoiceField(label=_("этап"), required=False,
                              choices=[("", _("все")), *CoachingCycle.Stage.choices])

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class CycleStartForm(forms.Form):
    operator = forms.ModelChoiceField(label=_("оператор"), queryset=Operator.objects.none())
    skill = forms.ModelChoiceField(label=_("навык"), queryset=Skill.objects.active())
    baseline_from = forms.DateField(label=_("исходный период с"), widget=DATE)
    baseline_to = forms.DateField(label=_("исходный период по"), widget=DATE)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = (  # type: ignore[attr-defined]
            Operator.objects.visible_to(user).order_by("display_name"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("baseline_from"), cleaned.get("baseline_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("baseline_to", _("Конец исходного периода раньше его начала."))
        if date_to and date_to > timezone.localdate():
            self.add_error("baseline_to", _("Исходный период не может заканчиваться в будущем."))
        return cleaned


class CycleCallsForm(forms.Form):
    side = forms.ChoiceField(label=_("сторона"), choices=[("before", _("до обучения")),
                                                          ("after", _("после обучения"))])
    result = forms.ChoiceField(label=_("итог"), required=False,
                               choices=[("", _("все применимые")), ("shown", _("проявлен")),
                                        ("not_shown", _("пропущен"))])
