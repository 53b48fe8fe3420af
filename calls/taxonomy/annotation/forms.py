"""The forms of annotation pages: a new campaign (admins) and an answer (annotators)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from calls.models import AnnotationCampaign, Tag
from calls.taxonomy.annotation.services import MAX_SAMPLE_SIZE
from project.roles import Role
from project.widgets import DateInput


def annotator_choices() -> QuerySet[User]:
    """People who may annotate (calls/roles.py may_annotate): annotators, trainers, admins."""
    roles = [Role.ANNOTATOR, Role.TRAINER, Role.ADMIN]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=roles) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class AnnotatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.get_username()})" if full_name else obj.get_username()


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=200)
    description = forms.CharField(
        label=_("Описание"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Что размечаем и зачем: разметчики видят это над списком звонков."),
    )
    sample_size = forms.IntegerField(
        label=_("Звонков в выборке"), min_value=1, max_value=MAX_SAMPLE_SIZE, initial=30
    )
    sampling = forms.ChoiceField(
        label=_("Выборка"),
        choices=[
            (value, label)
            for value, label in AnnotationCampaign.Sampling.choices
            if value != AnnotationCampaign.Sampling.IMPORT
        ],
        initial=AnnotationCampaign.Sampling.RANDOM,
        help_text=_(
            "Поровну по линиям, категориям или тегам — одинаковая доля звонков на "
            "каждую группу; звонки без тегов — своя группа."
        ),
    )
    date_from = forms.DateField(label=_("Звонки с"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Звонки по"), required=False, widget=DateInput())
    annotators = AnnotatorChoiceField(
        label=_("Разметчики"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Не меньше двух: разметчики, тренеры или администраторы."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annotators"].queryset = annotator_choices()  # type: ignore[attr-defined]


class AnnotationForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(queryset=Tag.objects.none(), required=False)
    none_apply = forms.BooleanField(label=_("Ни один тег не подходит"), required=False)
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.active()  # type: ignore[attr-defined]
        self.fields["tags"].error_messages["invalid_choice"] = _(
            "Тег выведен из работы или удалён; обновите страницу."
        )
