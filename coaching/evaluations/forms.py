"""Forms of the evaluation and calibration pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from coaching.models import ScorecardTemplate
from coaching.models.evaluations import Answer
from project.roles import Role


class EvaluationStartForm(forms.Form):
    """The call comes from the call page or the search (a hidden field; the view narrows it to
    the calls the evaluator sees); the evaluator picks the scorecard."""

    call = forms.ModelChoiceField(label=_("Звонок"), queryset=Call.objects.none(),
                                  widget=forms.HiddenInput)
    scorecard = forms.ModelChoiceField(
        label=_("Оценочный лист"),
        queryset=ScorecardTemplate.objects.filter(active=True).order_by("name"),
        error_messages={"invalid_choice": _("Такого действующего оценочного листа нет.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.visible_to(user)  # type: ignore[attr-defined]
        scorecards = self.fields["scorecard"].queryset  # type: ignore[attr-defined]
        if len(scorecards) == 1 and not self.is_bound:
            # One scorecard: nothing to choose, it is chosen.
            self.initial.setdefault("scorecard", scorecards[0].pk)


class ScoreForm(forms.Form):
    answer = forms.ChoiceField(label=_("Ответ"), choices=[("", "—"), *Answer.choices])
    points = forms.IntegerField(label=_("Баллы"), min_value=0, max_value=100, required=False)
    reason = forms.CharField(label=_("Почему меняете автоматическую оценку"), required=False,
                             max_length=1000)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=4000)
    at = forms.FloatField(label=_("Момент, с"), min_value=0, required=False)
    criterion = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EvaluatorChoiceField(forms.ModelMultipleChoiceField):
    """People are named as the pages name them: by full name, the login only without one."""

    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.get_full_name() or obj.username


class CalibrationForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=200)
    scorecard = forms.ModelChoiceField(label=_("Оценочный лист"),
                                       queryset=ScorecardTemplate.objects.filter(active=True))
    calls = forms.CharField(label=_("Номера звонков через запятую"), max_length=2000)
    evaluators = EvaluatorChoiceField(
        label=_("Оценщики"), widget=forms.CheckboxSelectMultiple,
        queryset=User.objects.filter(groups__name__in=[Role.TRAINER.value, Role.ADMIN.value],
                                     is_active=True).distinct().order_by("username"),
    )

    def clean_calls(self) -> list[Call]:
        raw = [part.strip() for part in self.cleaned_data["calls"].split(",") if part.strip()]
        if not raw or not all(part.isdigit() for part in raw):
            raise forms.ValidationError(_("Перечислите номера звонков через запятую."))
        ids = {int(part) for part in raw}
        calls = list(Call.objects.filter(pk__in=ids))
        if len(calls) != len(ids):
            raise forms.ValidationError(_("Некоторых звонков нет."))
        return calls
