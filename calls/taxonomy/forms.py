"""Forms of the taxonomy editor: they check input; writes go through calls/taxonomy/services.py.
A tag's phrases use the form every phrase editor shares (calls/phrase_runtime/forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Tag, TagCategory


class CallTagForm(forms.Form):
    """A tag a person puts on a call (the call page's tags card): an active tag, by its code."""

    tag = forms.ModelChoiceField(
        label=_("Тег"), to_field_name="code",
        queryset=Tag.objects.active().select_related("category").order_by(
            "category__order", "category__name", "name"),
        error_messages={"invalid_choice": _("Такого действующего тега нет.")},
    )


class TagCategoryForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=200)
    description = forms.CharField(label=_("Описание"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label=_("Порядок"), min_value=0, max_value=32767, initial=0)
    is_problem = forms.BooleanField(
        label=_("Проблемы клиентов"), required=False, initial=True,
        help_text=_("Теги категории попадают в «Главные проблемы»; снимите для тем вроде "
                    "«Благодарность»."),
    )


class TagForm(forms.Form):
    code = forms.SlugField(
        label=_("Код"), max_length=100,
        help_text=_("Латинские буквы, цифры, «-» и «_». Не меняется после создания: по нему "
                    "тег находят выгрузки и API."),
    )
    name = forms.CharField(label=_("Название"), max_length=200)
    description = forms.CharField(
        label=_("Описание для разметчиков"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ModelChoiceField(label=_("Категория"), queryset=TagCategory.objects.all())

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
