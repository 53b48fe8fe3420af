"""The library's filters and the form that keeps a candidate as an exemplar."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.exemplars.queries import KIND_LABELS, Filters, Kind
from coaching.models import Exemplar, Skill
from scripts_library.models import Objection


class LibraryFilterForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("навык"), required=False, to_field_name="code",
                                   queryset=Skill.objects.active(), empty_label=_("все навыки"))
    objection = forms.ModelChoiceField(label=_("возражение"), required=False,
                                       to_field_name="code", queryset=Objection.objects.all(),
                                       empty_label=_("все возражения"))
    kind = forms.ChoiceField(label=_("подборка"), required=False,
                             choices=[("", _("все подборки"))]
                             + [(kind.value, label) for kind, label in KIND_LABELS.items()])

    def filters(self) -> Filters:
        kind = self.cleaned_data.get("kind")
        return Filters(skill=self.cleaned_data.get("skill"),
                       objection=self.cleaned_data.get("objection"),
                       kind=Kind(kind) if kind else None)


class ExemplarSaveForm(forms.Form):
    call = forms.IntegerField(label=_("звонок"), min_value=1, widget=forms.HiddenInput)
    skill = forms.ModelChoiceField(label=_("навык"), required=False,
                                   queryset=Skill.objects.all(), widget=forms.HiddenInput)
    objection = forms.ModelChoiceField(label=_("возражение"), required=False,
                                       queryset=Objection.objects.all(),
                                       widget=forms.HiddenInput)
    start = forms.FloatField(label=_("начало, с"), min_value=0)
    end = forms.FloatField(label=_("конец, с"), required=False, min_value=0)
    note = forms.CharField(label=_("чем хорош"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.ChoiceField(label=_("откуда"), choices=Exemplar.Source.choices,
                               initial=Exemplar.Source.PICKED, required=False)
