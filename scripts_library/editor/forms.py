"""Forms of the library editor: they check input; writes go through the library's services.

Trigger phrases use the shared KeyPhraseForm (calls/phrase_runtime/forms.py) as is (the same
engine, the same settings and the same «Проверить фразу» try-out), so the editors cannot drift
apart.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from scripts_library.models import Objection, ObjectionTheme, ResponseBlock


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Тема"), max_length=200)
    description = forms.CharField(label=_("Описание"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label=_("Порядок"), min_value=0, max_value=32767, initial=0)


class ObjectionForm(forms.Form):
    code = forms.SlugField(
        label=_("Код"), max_length=100,
        help_text=_("Латинские буквы, цифры, «-» и «_». Не меняется после создания: по нему "
                    "возражение находят импорт, выгрузки, боковая панель CRM и API."),
    )
    theme = forms.ModelChoiceField(label=_("Тема"), queryset=ObjectionTheme.objects.all())
    name = forms.CharField(label=_("Название"), max_length=200)
    description = forms.CharField(label=_("Описание для операторов"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Состояние"), choices=Objection.Status.choices, initial=Objection.Status.ACTIVE,
        help_text=_("Черновик не ищется в звонках, пока его не введут в работу."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The code never changes, and the state changes by the page's own buttons.
            self.fields["code"].disabled = True
            del self.fields["status"]


class ResponseBlockForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=ResponseBlock.Kind.choices)
    text = forms.CharField(label=_("Текст"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))


def find_call(calls: Any, value: str) -> Call | None:
    """The call among `calls` a page names: by its number (the search's «Выбрать»), else by its
    external id (a link from the CRM)."""
    value = value.strip()
    found: Call | None = calls.filter(external_id=value).first()
    if found is None and value.isascii() and value.isdigit() and len(value) <= 18:
        found = calls.filter(pk=int(value)).first()
    return found


class ExemplarForm(forms.Form):
    """A moment of a call: the call picked in the search of calls (kept in a hidden field, never
    typed), seconds, a note, objections."""

    call = forms.CharField(
        label=_("Звонок"), max_length=200, widget=forms.HiddenInput,
        error_messages={"required": _("Выберите звонок в поиске.")},
    )
    start = forms.FloatField(label=_("Начало, с"), min_value=0, max_value=24 * 60 * 60)
    end = forms.FloatField(label=_("Конец, с"), min_value=0, max_value=24 * 60 * 60)
    note = forms.CharField(label=_("Заметка"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    objections = forms.ModelMultipleChoiceField(
        label=_("Возражения"), required=False,
        queryset=Objection.objects.select_related("theme"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, calls: Any, **kwargs: Any) -> None:
        # `calls`: the calls the user may see; a call outside them "does not exist".
        super().__init__(*args, **kwargs)
        self.calls = calls

    def clean_call(self) -> Call:
        found = find_call(self.calls, self.cleaned_data["call"])
        if found is None:
            raise forms.ValidationError(_("Такого звонка нет: выберите звонок в поиске."))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, call = data.get("start"), data.get("end"), data.get("call")
        if start is None or end is None:
            return data
        if end <= start:
            self.add_error("end", _("Конец должен быть позже начала."))
        elif call is not None and call.duration and start >= call.duration:
            self.add_error("start", _("Звонок длится %(duration).0f с: начало за его концом.")
                           % {"duration": call.duration})
        return data


class ThemeDeleteForm(forms.Form):
    """Where a deleted theme's objections go: any other theme."""

    move_to = forms.ModelChoiceField(
        label=_("Перенести возражения в тему"), queryset=ObjectionTheme.objects.none(),
        required=False, empty_label=_("— выберите тему —"),
    )

    def __init__(self, *args: Any, theme: ObjectionTheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move_to"].queryset = ObjectionTheme.objects.exclude(  # type: ignore[attr-defined]
            pk=theme.pk)
