"""The form that registers a change (managers and admins)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import DEFAULT_WINDOW_DAYS, Line, Tag

# Longer windows mix in seasons and other changes; shorter ones rarely reach the minimum of calls.
MIN_WINDOW_DAYS = 3
MAX_WINDOW_DAYS = 90


class ChangeForm(forms.Form):
    title = forms.CharField(label=_("Что изменили"), max_length=300)
    description = forms.CharField(
        label=_("Подробности"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    changed_on = forms.DateField(
        label=_("Дата изменения"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Этот день не входит ни в окно до, ни в окно после."),
    )
    lines = forms.ModelMultipleChoiceField(
        label=_("Линии"), queryset=Line.objects.order_by("name"), required=False,
        help_text=_("Ни одной — все линии."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Теги, на которые должно повлиять"),
        queryset=Tag.objects.select_related("category").order_by("category__name", "name"),
        required=False,
        help_text=_("Ни одного — вывод по стандартным показателям (повторные, горячие, "
                    "длительность, тишина, время до решения)."),
    )
    window_days = forms.IntegerField(
        label=_("Дней до и после"), initial=DEFAULT_WINDOW_DAYS, min_value=MIN_WINDOW_DAYS,
        max_value=MAX_WINDOW_DAYS,
    )

    def clean_title(self) -> str:
        title = str(self.cleaned_data["title"]).strip()
        if not title:
            raise forms.ValidationError(_("Напишите, что изменили."))
        return title

    def register_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "changed_on": data["changed_on"],
            "lines": list(data.get("lines") or []),
            "tags": list(data.get("tags") or []),
            "window_days": data["window_days"],
        }
