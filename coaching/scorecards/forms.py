"""The scorecard form: its name and state, and its criteria as rows (name, weight, skill)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.models import ScorecardTemplate, Skill
from coaching.scorecards.services import WEIGHT_MAX, CriterionFields


class ScorecardForm(forms.Form):
    name = forms.CharField(label=_("название"), max_length=200,
                           error_messages={"required": _("Укажите название оценочного листа.")})
    active = forms.BooleanField(label=_("действует (им можно оценивать звонки)"),
                                required=False, initial=True)


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("критерий"), max_length=200, required=False)
    weight = forms.IntegerField(
        label=_("вес"), min_value=1, max_value=WEIGHT_MAX, required=False,
        widget=forms.NumberInput(attrs={"class": "input--narrow"}),
        # The bounds are 1 and WEIGHT_MAX (100).
        error_messages={"min_value": _("Вес — от 1 до 100."),
                        "max_value": _("Вес — от 1 до 100."),
                        "invalid": _("Вес — целое число от 1 до 100.")})
    skill = forms.ModelChoiceField(label=_("навык"), queryset=Skill.objects.none(),
                                   required=False, empty_label=_("без навыка (оценивает человек)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.active()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("DELETE") or not self.has_changed():
            return cleaned
        if not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Укажите, что оценивает критерий."))
        if cleaned.get("weight") is None and "weight" not in self.errors:
            self.add_error("weight", _("Укажите вес от 1 до %(max)d.") % {"max": WEIGHT_MAX})
        return cleaned


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self.criteria()
        if not rows:
            raise forms.ValidationError(_("В оценочном листе нужен хотя бы один критерий."))
        names = [row.name.strip().casefold() for row in rows]
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Названия критериев в одном листе не должны "
                                          "повторяться."))
        skills = [row.skill.pk for row in rows if row.skill is not None]
        if len(set(skills)) != len(skills):
            raise forms.ValidationError(_("Один навык — один критерий: навык уже есть в другом "
                                          "критерии этого листа."))

    def criteria(self) -> list[CriterionFields]:
        """The filled, not deleted rows, in their order on the page."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not form.has_changed() and not data.get("id"):
                continue
            if data.get("DELETE") or not (data.get("name") or "").strip():
                continue
            rows.append(CriterionFields(pk=data.get("id"), name=data["name"],
                                        weight=data["weight"], skill=data.get("skill")))
        return rows


CriterionFormSet = cast(type[BaseCriterionFormSet], forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=3, can_delete=True, max_num=50,
    validate_max=True))


def criteria_initial(scorecard: ScorecardTemplate) -> list[dict[str, Any]]:
    return [{"id": c.pk, "name": c.name, "weight": c.weight, "skill": c.skill_id}
            for c in scorecard.criteria.all()]
