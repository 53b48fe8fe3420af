"""Forms for people: uploading one recording from the admin."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Speaker


class CallUploadForm(forms.Form):
    audio = forms.FileField(label=_("Запись"), allow_empty_file=True)
    external_id = forms.CharField(label=_("Внешний ID"), max_length=200, required=False)
    line = forms.CharField(label=_("Код линии"), max_length=100, required=False)
    direction = forms.ChoiceField(
        label=_("Направление"), choices=Call.Direction.choices, initial=Call.Direction.INBOUND
    )
    started_at = forms.DateTimeField(label=_("Начало"), required=False)
    operator = forms.CharField(label=_("Код оператора"), max_length=100, required=False)
    customer_phone = forms.CharField(label=_("Телефон клиента"), max_length=40, required=False)
    outcome = forms.ChoiceField(
        label=_("Итог"), choices=Call.Outcome.choices, initial=Call.Outcome.UNKNOWN
    )
    mono_speaker = forms.ChoiceField(
        label=_("Говорящий в моно-записи"), choices=Speaker.choices, initial=Speaker.UNKNOWN
    )
    create_missing = forms.BooleanField(
        label=_("Создать оператора и линию, если их кодов ещё нет (только администраторы)"),
        required=False,
    )

    def __init__(self, *args: Any, allow_create_missing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_create_missing = allow_create_missing

    def clean_create_missing(self) -> bool:
        value: bool = self.cleaned_data["create_missing"]
        if value and not self.allow_create_missing:
            raise forms.ValidationError(
                _("Создавать новых операторов и линии может только администратор.")
            )
        return value
