"""Agreement of annotators per tag — A MINIMAL STAND-IN written by the review helper.

The agreement helper writes the real module (Cohen's, Fleiss' kappa, Krippendorff's alpha) with
this exact interface; the lead replaces this file with theirs at merge. This version computes
Cohen's kappa over the calls with exactly two annotators, and nothing else, so that the monthly
review (calls/taxonomy/review/) and its tests run.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from calls.models import AnnotationCampaign, Tag
from calls.taxonomy.annotation.reference import answers

DEFAULT_THRESHOLD = 0.6


@dataclass(frozen=True)
class TagAgreement:
    tag: Tag
    items: int
    cohen_kappa: float | None
    fleiss_kappa: float | None = None
    krippendorff_alpha: float | None = None

    @property
    def coefficient(self) -> float | None:
        return self.cohen_kappa


def _cohen(pairs: list[tuple[bool, bool]]) -> float | None:
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = sum(a for a, _b in pairs) / n
    second = sum(b for _a, b in pairs) / n
    expected = first * second + (1 - first) * (1 - second)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def tag_agreement(*, campaign: AnnotationCampaign | None = None) -> list[TagAgreement]:
    by_call = [labels for labels in answers(campaign).values() if len(labels) == 2]
    result = []
    for tag in Tag.objects.order_by("name"):
        pairs = []
        for labels in by_call:
            first, second = (tag.pk in chosen for chosen in labels.values())
            pairs.append((first, second))
        result.append(TagAgreement(tag=tag, items=len(pairs), cohen_kappa=_cohen(pairs)))
    return result


def low_agreement_tags(
    *, threshold: float | None = None, campaign: AnnotationCampaign | None = None
) -> list[TagAgreement]:
    if threshold is None:
        threshold = getattr(settings, "TAG_AGREEMENT_THRESHOLD", DEFAULT_THRESHOLD)
    return [
        agreement
        for agreement in tag_agreement(campaign=campaign)
        if agreement.coefficient is not None and agreement.coefficient < threshold
    ]
