"""The report's period, the operator filter of the list and a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Operator
from coaching.competency.forms import PeriodForm


class ReportPeriodForm(PeriodForm):
    """A report covers a closed period: both dates are needed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Укажите период отчёта.")


class OperatorFilterForm(forms.Form):
    operator = forms.ModelChoiceField(
        label=_("оператор"), queryset=Operator.objects.none(), to_field_name="code",
        required=False, empty_label=_("все операторы"),
        error_messages={"invalid_choice": _("Такого оператора среди ваших нет.")})

    def __init__(self, *args: Any, operators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["operator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = operators


class CommentForm(forms.Form):
    text = forms.CharField(label=_("комментарий"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000,
                           error_messages={"required": _("Напишите комментарий.")})
