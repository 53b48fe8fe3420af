"""Forms of the evaluation and calibration pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from calls.templatetags.call_format import clock
from coaching.models import ScorecardTemplate
from coaching.models.evaluations import Answer
from project.roles import Role
from project.russian import plural

# A calibration is a few calls every evaluator scores: a bound on the work, and on the page.
MAX_CALIBRATION_CALLS = 50
MOSCOW = ZoneInfo("Europe/Moscow")


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


class CalibrationCallField(forms.ModelMultipleChoiceField):
    """The calls picked in the search, each named as the search lists it (start in Moscow time,
    title, operator, line, duration), never by an internal number."""

    def label_from_instance(self, obj: Call) -> str:  # type: ignore[override]
        started = timezone.localtime(obj.started_at, MOSCOW).strftime("%d.%m.%Y %H:%M")
        parts = [started, obj.title, str(obj.operator or _("оператор не указан"))]
        if obj.line_id:
            parts.append(str(obj.line))
        parts.append(clock(obj.duration))
        return " · ".join(parts)


class CalibrationForm(forms.Form):
    """A blind calibration: the calls come from the search of calls (the page keeps them as the
    selection), the evaluators and the scorecard are chosen here."""

    name = forms.CharField(label=_("Название"), max_length=200,
                           error_messages={"required": _("Назовите калибровку.")})
    scorecard = forms.ModelChoiceField(
        label=_("Оценочный лист"),
        queryset=ScorecardTemplate.objects.filter(active=True).order_by("name"),
        error_messages={"required": _("Выберите оценочный лист."),
                        "invalid_choice": _("Такого действующего оценочного листа нет.")},
    )
    calls = CalibrationCallField(
        label=_("Звонки калибровки"), queryset=Call.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Звонки, добавленные из поиска; снимите отметку, чтобы не брать звонок."),
        error_messages={
            "required": _("Выберите хотя бы один звонок: найдите звонки выше, отметьте их и "
                          "нажмите «Добавить отмеченные»."),
            "invalid_choice": _("Одного из выбранных звонков больше нет или он вам недоступен: "
                                "проверьте выбор."),
            "invalid_pk_value": _("Звонки выбираются в поиске."),
        },
    )
    evaluators = EvaluatorChoiceField(
        label=_("Оценщики"), widget=forms.CheckboxSelectMultiple,
        queryset=User.objects.filter(groups__name__in=[Role.TRAINER.value, Role.ADMIN.value],
                                     is_active=True).distinct().order_by("username"),
        error_messages={"required": _("Выберите хотя бы двух оценщиков."),
                        "invalid_choice": _("Такого оценщика нет: выберите из списка.")},
    )

    def __init__(self, *args: Any, user: User, selected: Iterable[int] = (),
                 **kwargs: Any) -> None:
        """`selected`: the calls the page offers (its selection); a bound form checks the posted
        ones against the calls this person may see."""
        super().__init__(*args, **kwargs)
        calls = Call.objects.visible_to(user).select_related("operator", "line")
        if not self.is_bound:
            calls = calls.filter(pk__in=list(selected))
            self.initial.setdefault("calls", [call.pk for call in calls])
        self.fields["calls"].queryset = calls.order_by(  # type: ignore[attr-defined]
            "-started_at", "-id")

    def clean_calls(self) -> list[Call]:
        calls = list(self.cleaned_data["calls"])
        if len(calls) > MAX_CALIBRATION_CALLS:
            raise forms.ValidationError(
                _("В калибровке не больше %(limit)s: уберите лишние.")
                % {"limit": plural(MAX_CALIBRATION_CALLS, "звонка,звонков,звонков")})
        return calls

    def clean_evaluators(self) -> list[User]:
        evaluators = list(self.cleaned_data["evaluators"])
        if len(evaluators) < 2:
            raise forms.ValidationError(_("Для калибровки нужны хотя бы два оценщика."))
        return evaluators
