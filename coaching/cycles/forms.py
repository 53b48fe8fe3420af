"""The cycles list's filters, the start form and the calls-behind-a-number filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Operator, Team
from coaching.cycles.queries import CLOSED, OPEN
from coaching.cycles.results import control_date_error
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
    status = forms.ChoiceField(label=_("состояние"), required=False,
                               choices=[("", _("все")), (OPEN, _("идут")),
                                        (CLOSED, _("завершены и отменены"))])
    # The operator's cycles, from a link (the teams page); the select lists only visible ones.
    operator = forms.ModelChoiceField(label=_("оператор"), queryset=Operator.objects.none(),
                                      required=False, empty_label=_("все"),
                                      to_field_name="code")

    def __init__(self, *args: Any, teams: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["operator"].queryset = (  # type: ignore[attr-defined]
            Operator.objects.visible_to(user).order_by("display_name"))


class CycleStartForm(forms.Form):
    operator = forms.ModelChoiceField(label=_("оператор"), queryset=Operator.objects.none())
    skill = forms.ModelChoiceField(label=_("навык"), queryset=Skill.objects.active())
    baseline_from = forms.DateField(label=_("исходный период с"), widget=DATE)
    baseline_to = forms.DateField(label=_("исходный период по"), widget=DATE)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        # The cycles page shows the filters too, with a «skill» of their own: the same id twice
        # tied this form's «Навык» label to the filter's select.
        kwargs.setdefault("auto_id", "cycle-start-%s")
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


class CycleResultForm(forms.Form):
    """The confirmation step of «Записать результат»: the control re-listen's date."""

    # ISO in the value: a type="date" input shows nothing for «06.12.2026».
    controlled_on = forms.DateField(
        label=_("дата контрольного прослушивания"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, cycle: CoachingCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        widget = self.fields["controlled_on"].widget
        if cycle.control_due is not None:
            widget.attrs["min"] = cycle.control_due.isoformat()
        widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_controlled_on(self) -> Any:
        on = self.cleaned_data["controlled_on"]
        error = control_date_error(self.cycle, on, today=timezone.localdate())
        if error is not None:
            raise forms.ValidationError(error)
        return on
