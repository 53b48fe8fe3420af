"""The phrase forms every phrase editor shares (the tags', the library's, the admin's for
objections and skills): they check a phrase's settings with the engine
(calls/phrase_runtime/validation.py); writes go through each owner's services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import PhraseSpeaker, WindowKind
from calls.phrase_runtime.validation import WINDOW_MAX_SECONDS, PhraseInvalid, phrase_validate
from calls.phrases.rules import MAX_GAP_LIMIT


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
    phrase engine checks the rule and normalises its text, as in the phrase editors. Subclasses
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
