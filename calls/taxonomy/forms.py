"""Forms of the taxonomy editor: they check input; writes go through calls/taxonomy/services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import PhraseSpeaker, Tag, TagCategory, WindowKind
from calls.phrases.rules import MAX_GAP_LIMIT
from calls.taxonomy.services import WINDOW_MAX_SECONDS, PhraseInvalid, phrase_validate


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


class KeyPhraseForm(forms.Form):
    text = forms.CharField(
        label=_("Фраза"), max_length=300,
        help_text=_("Как говорят люди: «ждал на линии». Любая форма слова подходит; слово в "
                    "кавычках — только эта форма; «промокод*» — слова, начинающиеся так."),
    )
    speaker = forms.ChoiceField(label=_("Кто говорит"), choices=PhraseSpeaker.choices,
                                initial=PhraseSpeaker.CUSTOMER)
    max_gap = forms.IntegerField(label=_("Слов между словами фразы"), min_value=0,
                                 max_value=MAX_GAP_LIMIT, initial=1)
    window_kind = forms.ChoiceField(label=_("Где искать"), choices=WindowKind.choices,
                                    initial=WindowKind.NONE)
    window_seconds = forms.IntegerField(label=_("N секунд"), min_value=1,
                                        max_value=WINDOW_MAX_SECONDS, required=False)
    is_active = forms.BooleanField(label=_("Действует"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["window_kind"] == WindowKind.NONE:
            data["window_seconds"] = None
        try:
            phrase_validate(text=data["text"], speaker=data["speaker"], max_gap=data["max_gap"],
                            window_kind=data["window_kind"],
                            window_seconds=data["window_seconds"])
        except PhraseInvalid as error:
            field = "window_seconds" if data["window_kind"] != WindowKind.NONE \
                and not data["window_seconds"] else "text"
            self.add_error(field, error.message)
        return data


class PhraseTryForm(KeyPhraseForm):
    """The phrase settings a try-out uses: whether a phrase is active means nothing there."""

    is_active = None  # type: ignore[assignment]


# The fields of a phrase row (calls.models.PhraseBase) an admin inline edits.
PHRASE_FIELDS = ["text", "speaker", "max_gap", "window_kind", "window_seconds", "is_active"]


class PhraseModelForm(forms.ModelForm):
    """An admin form for a phrase model built on PhraseBase (a skill's, an objection's): the
    phrase engine checks the rule and normalises its text, as in the taxonomy editor. Subclasses
    name the model in Meta with fields = PHRASE_FIELDS."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text") and data.get("speaker") and data.get("max_gap") is not None:
            try:
                rule = phrase_validate(
                    text=data["text"], speaker=data["speaker"], max_gap=data["max_gap"],
                    window_kind=data.get("window_kind") or "none",
                    window_seconds=data.get("window_seconds"),
                )
            except PhraseInvalid as error:
                raise forms.ValidationError(error.message) from None
            data["text"] = rule.text
        return data
