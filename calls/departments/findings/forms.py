"""The findings pages' forms: the board's filters, the new finding (prefilled from an alert, a
report item or a top problem through GET parameters) and the steps."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.departments.findings.queries import BoardGroup
from calls.models import Call, Department, Finding, Line, Tag
from project.roles import AnyUser
from project.widgets import DateInput

# Without a stated due date, a finding is due in two weeks: long enough for a department to fix
# a cause, short enough that the customers still remember calling.
DEFAULT_DUE_DAYS = 14
MAX_CALL_ID = 2**63 - 1
MAX_CALLS = 50
# ASCII digits only: str.isdigit() takes «²», which int() refuses.
_DIGITS = re.compile("[0-9]{1,19}")


def default_due(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=DEFAULT_DUE_DAYS)


class BoardFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("отдел"), queryset=Department.objects.none(), to_field_name="code",
        required=False, empty_label=_("все отделы"),
        error_messages={"invalid_choice": _("Такого отдела нет.")},
    )
    status = forms.ChoiceField(
        label=_("статус"), required=False,
        choices=[("", _("все"))] + [(group.value, group.label) for group in BoardGroup],
        error_messages={"invalid_choice": _("Такого статуса нет.")},
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


def parse_call_ids(text: str) -> list[int]:
    """«12, 15,17» → [12, 15, 17]; anything else is a Russian error."""
    ids: list[int] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not _DIGITS.fullmatch(part) or not 0 < int(part) <= MAX_CALL_ID:
            raise forms.ValidationError(
                _("«%(value)s» — не номер звонка: нужны числа через запятую."),
                params={"value": part[:20]}, code="invalid")
        if int(part) not in ids:
            ids.append(int(part))
    if len(ids) > MAX_CALLS:
        raise forms.ValidationError(_("Не больше %(count)d звонков в одной находке."),
                                    params={"count": MAX_CALLS}, code="too_many")
    return ids


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Проблема"), max_length=300)
    description = forms.CharField(label=_("Описание"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    department = forms.ModelChoiceField(
        label=_("Отдел"), queryset=Department.objects.order_by("name"), to_field_name="code",
        empty_label=_("выберите отдел"),
        error_messages={"invalid_choice": _("Такого отдела нет.")},
    )
    due_on = forms.DateField(label=_("Срок"), widget=DateInput())
    tag = forms.ModelChoiceField(
        label=_("Тег"), queryset=Tag.objects.select_related("category").order_by("name"),
        to_field_name="code", required=False, empty_label=_("без тега"),
        error_messages={"invalid_choice": _("Такого тега нет.")},
    )
    line = forms.ModelChoiceField(
        label=_("Линия"), queryset=Line.objects.order_by("name"), to_field_name="code",
        required=False, empty_label=_("все линии"),
        error_messages={"invalid_choice": _("Такой линии нет.")},
    )
    calls = forms.CharField(
        label=_("Звонки"), required=False, max_length=2000,
        help_text=_("Номера звонков через запятую; звонки, которые вам не видны, не "
                    "добавляются. Отдел сможет их прослушать."),
    )
    source = forms.ChoiceField(choices=Finding.Source.choices, initial=Finding.Source.MANUAL,
                               widget=forms.HiddenInput)
    source_ref = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def clean_calls(self) -> list[int]:
        return parse_call_ids(self.cleaned_data.get("calls") or "")

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Срок не может быть в прошлом."))
        return due_on


def prefill(params: QueryDict, *, user: AnyUser) -> dict[str, Any]:
    """The new-finding form's initial values from GET (`tag`, `line`, `department`, `source`,
    `source_ref`, `calls`, `title`; see docs/findings.md). A value that names nothing (an unknown
    code, a call the person may not see) is left out rather than refused: the link was made
    elsewhere, and the person fills in the rest."""
    initial: dict[str, Any] = {"due_on": default_due(), "source": Finding.Source.MANUAL}
    tag_code = params.get("tag", "")[:100]
    tag = Tag.objects.filter(code=tag_code).first() if tag_code else None
    if tag is not None:
        initial["tag"] = tag.code
        initial["title"] = tag.name
    if params.get("line") and Line.objects.filter(code=params["line"][:100]).exists():
        initial["line"] = params["line"]
    if params.get("department") and Department.objects.filter(
            code=params["department"][:100]).exists():
        initial["department"] = params["department"]
    elif tag is not None:
        # The department subscribed to the tag (or to its category) is the likely owner.
        owner = Department.objects.filter(tags=tag).first() or Department.objects.filter(
            categories=tag.category_id).first()
        if owner is not None:
            initial["department"] = owner.code
    if params.get("source") in Finding.Source.values:
        initial["source"] = params["source"]
    if params.get("source_ref"):
        initial["source_ref"] = params["source_ref"][:300]
    title = str(params.get("title", "")).strip()
    if title:
        initial["title"] = title[:300]
    # Each id on its own: one bad part drops itself, not the calls beside it.
    wanted = [
        int(part) for part in str(params.get("calls", "")).split(",")[:MAX_CALLS]
        if _DIGITS.fullmatch(part.strip()) and 0 < int(part) <= MAX_CALL_ID
    ]
    visible = set(Call.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
    kept = [call_id for call_id in wanted if call_id in visible]
    if kept:
        initial["calls"] = ", ".join(str(call_id) for call_id in kept)
    return initial


class DoneForm(forms.Form):
    what_changed = forms.CharField(
        label=_("Что изменили"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Первая строка станет названием изменения, по которому сравним звонки до "
                    "и после."),
        error_messages={"required": _("Напишите, что изменили.")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Почему отклонена"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Напишите, почему находка отклонена.")},
    )


class DueForm(forms.Form):
    due_on = forms.DateField(label=_("Новый срок"), widget=DateInput())


class CallbackForm(forms.Form):
    call = forms.IntegerField(min_value=1, max_value=MAX_CALL_ID, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Примечание"), required=False, max_length=1000)
