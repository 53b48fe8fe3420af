"""The library's filters and the form that keeps a candidate as an exemplar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Line
from coaching.exemplars.queries import KIND_LABELS, Filters, Kind
from coaching.models import Exemplar, Skill
from scripts_library.models import Objection


class LibraryFilterForm(forms.Form):
    date_from = forms.DateField(label=_("звонки с"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("по"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    line = forms.ModelChoiceField(label=_("линия"), required=False, to_field_name="code",
                                  queryset=Line.objects.order_by("name"),
                                  empty_label=_("все линии"))
    skill = forms.ModelChoiceField(label=_("навык"), required=False, to_field_name="code",
                                   queryset=Skill.objects.active(), empty_label=_("все навыки"))
    objection = forms.ModelChoiceField(label=_("возражение"), required=False,
                                       to_field_name="code", queryset=Objection.objects.all(),
                                       empty_label=_("все возражения"))
    kind = forms.ChoiceField(label=_("подборка"), required=False,
                             choices=[("", _("все подборки"))]
                             + [(kind.value, label) for kind, label in KIND_LABELS.items()])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Конец периода раньше его начала."))
        return cleaned

    def filters(self) -> Filters:
        kind = self.cleaned_data.get("kind")
        return Filters(skill=self.cleaned_data.get("skill"),
                       objection=self.cleaned_data.get("objection"),
                       kind=Kind(kind) if kind else None,
                       date_from=self.cleaned_data.get("date_from"),
                       date_to=self.cleaned_data.get("date_to"),
                       line=self.cleaned_data.get("line"))


class ExemplarSaveForm(forms.Form):
    call = forms.IntegerField(label=_("звонок"), min_value=1, widget=forms.HiddenInput)
    # The library's candidates post these as hidden inputs; the save page lets the trainer
    # choose (a moment of a tag or a transcript line comes with no skill).
    skill = forms.ModelChoiceField(label=_("навык"), required=False,
                                   queryset=Skill.objects.all(), empty_label=_("без навыка"))
    objection = forms.ModelChoiceField(label=_("возражение"), required=False,
                                       queryset=Objection.objects.all(),
                                       empty_label=_("без возражения"))
    start = forms.FloatField(label=_("начало, с"), min_value=0)
    end = forms.FloatField(label=_("конец, с"), required=False, min_value=0)
    note = forms.CharField(label=_("чем хорош"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.ChoiceField(label=_("откуда"), choices=Exemplar.Source.choices,
                               initial=Exemplar.Source.PICKED, required=False)
