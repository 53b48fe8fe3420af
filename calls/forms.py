"""Forms for people: uploading one recording from the admin."""

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
