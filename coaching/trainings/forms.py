"""The training form (planned by hand or changed) and the «held» form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Operator, Team
from calls.templatetags.call_format import clock
from coaching.exemplars.queries import rejections
from coaching.models import Exemplar, Skill, TrainingSession
from coaching.teams import teams_for
from project.roles import AnyUser, Role, has_role
from project.widgets import DateInput


class ExemplarChoiceField(forms.ModelMultipleChoiceField):
    # The attached exemplars an evaluator has since rejected (the form fills it): still offered
    # on the training that has them, and marked so.
    rejected: set[int] = set()

    def label_from_instance(self, obj: Exemplar) -> str:  # type: ignore[override]
        label = f"{obj.skill}: {obj.call.title}, {clock(obj.start)}"
        if obj.note:
            label += f" — {obj.note}"
        if obj.pk in self.rejected:
            label += " " + str(_("(оценщик отклонил: убран из библиотеки)"))
        return label


class AttendeeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Operator) -> str:  # type: ignore[override]
        return f"{obj} ({obj.team})" if obj.team_id else str(obj)


class TrainingForm(forms.Form):
    topic = forms.CharField(label=_("Тема"), max_length=200)
    skill = forms.ModelChoiceField(label=_("Навык"), queryset=Skill.objects.none(),
                                   required=False)
    team = forms.ModelChoiceField(label=_("Команда"), queryset=Team.objects.none())
    held_on = forms.DateField(label=_("Дата"), widget=DateInput())
    trainer = forms.ModelChoiceField(label=_("Тренер"), queryset=User.objects.none(),
                                     required=False)
    attendees = AttendeeChoiceField(
        label=_("Участники"), queryset=Operator.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    exemplars = ExemplarChoiceField(
        label=_("Образцовые моменты"), queryset=Exemplar.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Сохранённые моменты выбранного навыка."))
    notes = forms.CharField(label=_("План и заметки"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: AnyUser, training: TrainingSession | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["skill"].queryset = Skill.objects.active()
        fields["team"].queryset = teams_for(user)
        # A trainer may plan a training across teams; a manager plans for one of theirs.
        fields["team"].required = not has_role(user, Role.TRAINER, Role.ADMIN)
        fields["trainer"].queryset = User.objects.filter(
            Q(groups__name=Role.TRAINER.value) | Q(groups__name=Role.MANAGER.value)
        ).distinct().order_by("username")
        fields["attendees"].queryset = Operator.objects.visible_to(user).select_related("team")
        exemplars = Exemplar.objects.filter(
            skill__isnull=False, call__in=Call.objects.visible_to(user)
        ).select_related("call", "skill").order_by("skill__order", "skill__name", "-created_at")
        # A moment an evaluator rejected has left the library (coaching/exemplars/queries.py),
        # so it is not offered; one the training being edited already shows stays valid (the
        # edit must not fail on it) and is marked, for the trainer to decide.
        rejected = set(rejections(exemplars))
        attached = set(training.exemplars.values_list("pk", flat=True)) if training else set()
        fields["exemplars"].queryset = exemplars.exclude(pk__in=rejected - attached)
        fields["exemplars"].rejected = rejected & attached

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        skill = cleaned.get("skill")
        exemplars = cleaned.get("exemplars") or []
        skill_id = skill.pk if skill is not None else None
        if any(exemplar.skill_id != skill_id for exemplar in exemplars):
            self.add_error("exemplars", _("Образцовые моменты должны показывать навык обучения."))
        return cleaned


class HeldForm(forms.Form):
    held_on = forms.DateField(label=_("Когда проведено"),
                              widget=DateInput())

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Обучение не может пройти в будущем."))
        return held_on
