"""Forms for people: uploading one recording from the admin, or several from the upload page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.ingestion import CallMetadata
from calls.models import Call, Line, Operator, Speaker
from calls.roles import sees_all_calls
from project.roles import AnyUser


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


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several recordings in one field; each is validated by the ingestion service on its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        # No file at all is cleaned as one missing file, so that "required" speaks.
        items = list(data) if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items or [None]]


class CallBatchUploadForm(forms.Form):
    """The upload page: several recordings with the details they share (line, operator, …)."""

    audio = _MultipleFileField(
        label=_("Записи звонков"), allow_empty_file=True,
        error_messages={"required": _("Выберите хотя бы один файл записи.")},
    )
    line = forms.ModelChoiceField(
        label=_("Линия"), queryset=Line.objects.order_by("name"), to_field_name="code",
        required=False, empty_label=_("— не указана —"),
    )
    operator = forms.ModelChoiceField(
        label=_("Оператор"), queryset=Operator.objects.none(), to_field_name="code",
        required=False, empty_label=_("— не указан —"),
    )
    direction = forms.ChoiceField(
        label=_("Направление"), choices=Call.Direction.choices, initial=Call.Direction.INBOUND
    )
    outcome = forms.ChoiceField(
        label=_("Итог"), choices=Call.Outcome.choices, initial=Call.Outcome.UNKNOWN
    )
    mono_speaker = forms.ChoiceField(
        label=_("Кто говорит в моно-записи"), choices=Speaker.choices, initial=Speaker.UNKNOWN
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        operator_field = self.fields["operator"]
        assert isinstance(operator_field, forms.ModelChoiceField)
        operator_field.queryset = Operator.objects.visible_to(user).order_by("display_name")
        # A call sees the light through its operator's team: a manager's upload without an
        # operator (or with someone else's) would vanish from the manager's own list.
        if not sees_all_calls(user):
            operator_field.required = True
            operator_field.empty_label = None
            operator_field.error_messages["required"] = _(
                "Выберите оператора: без него звонок не попадёт в список вашей команды."
            )

    def metadata(self) -> CallMetadata:
        fields = self.cleaned_data
        line: Line | None = fields["line"]
        operator: Operator | None = fields["operator"]
        return CallMetadata(
            line=line.code if line else "",
            operator=operator.code if operator else "",
            direction=fields["direction"],
            outcome=fields["outcome"],
            mono_speaker=fields["mono_speaker"],
        )
