"""The agreement page's choice of campaign, and the calls behind one of its numbers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from calls.models import AnnotationCampaign, CallTag, Tag
from calls.taxonomy.agreement.scope import campaign_refusal, unknown_campaign
from project.roles import AnyUser


class AgreementForm(forms.Form):
    campaign = forms.CharField(label=_("кампания"), required=False, max_length=200)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_campaign(self) -> AnnotationCampaign | None:
        name = self.cleaned_data.get("campaign", "").strip()
        if not name:
            return None  # every closed campaign
        campaign = AnnotationCampaign.objects.filter(name=name).first()
        if campaign is None:
            raise forms.ValidationError(unknown_campaign(name))
        refusal = campaign_refusal(campaign, self.user)
        if refusal:
            raise forms.ValidationError(refusal)
        return campaign


class CallList(TextChoices):
    ITEMS = "items", _("звонки, которые разметили двое и больше")
    CHOSEN = "chosen", _("звонки, где тег выбрал хотя бы один разметчик")
    DISAGREED = "disagreed", _("звонки, где разметчики разошлись")
    TRUE_POSITIVES = "tp", _("найдено верно")
    FALSE_POSITIVES = "fp", _("найдено, но разметчики тег не ставили")
    FALSE_NEGATIVES = "fn", _("разметчики поставили, источник не нашёл")
    FOUND = "found", _("всё найденное источником")
    RELEVANT = "relevant", _("всё, что поставили разметчики")


SOURCE_LISTS = {
    CallList.TRUE_POSITIVES,
    CallList.FALSE_POSITIVES,
    CallList.FALSE_NEGATIVES,
    CallList.FOUND,
    CallList.RELEVANT,
}


class AgreementCallsForm(AgreementForm):
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.all(), to_field_name="code", label=_("тег"), required=False
    )
    list = forms.ChoiceField(choices=CallList.choices, label=_("список"))
    source = forms.ChoiceField(choices=CallTag.Source.choices, label=_("источник"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("list") in SOURCE_LISTS and not cleaned.get("source"):
            self.add_error("source", _("Укажите источник тегов."))
        return cleaned
