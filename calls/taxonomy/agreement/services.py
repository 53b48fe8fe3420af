"""How far the annotators agree, per tag and over all tags, on binary (call, tag) items.

Every call an annotator answered gives, for every tag, an item «does this tag apply?»: yes when
the annotator chose it, no otherwise, and no for every tag when the answer was «ни один тег не
подходит» (calls/taxonomy/annotation/reference.py `answers`). On those items:

- Cohen's kappa when the campaign (or the closed campaigns together) had two annotators, on the
  calls both answered; Fleiss' kappa when it had more, on the calls with the most common number
  of answers (Fleiss' kappa needs the same count of answers on every item; who gave them may
  differ). `coefficient` is the one of the two that applies;
- Krippendorff's alpha (nominal) on every call, whatever the number of answers (a call answered
  once is a missing value, not an item thrown away).

A tag whose coefficient is below TAG_AGREEMENT_THRESHOLD (default 0.6, «существенное» and up) is
flagged «уточните описание», with the calls on which the annotators disagreed, side by side.

Reads only, despite the module's name (the name is the interface the review and the page share).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import User

from calls.models import AnnotationCampaign, Tag
from calls.taxonomy.annotation.reference import answers as annotation_answers
from project.stats.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    landis_koch_band,
    percent_agreement,
)

CoefficientName = Literal["cohen_kappa", "fleiss_kappa"]
# call id → {annotator id: the tag ids chosen}
Answers = dict[int, dict[int, frozenset[int]]]


@dataclass(frozen=True)
class Coefficients:
    """The agreement on a set of binary items, with how many items each coefficient used."""

    items: int  # (call, tag) items with at least two answers: what agreement can be measured on
    cohen_kappa: float | None
    cohen_items: int
    fleiss_kappa: float | None
    fleiss_items: int
    fleiss_raters: int  # the number of answers per item Fleiss' kappa was computed on
    krippendorff_alpha: float | None
    percent: float | None  # share of items on which every answer was the same, 0–1
    applies: CoefficientName | None  # which kappa the design calls for (None: one annotator)

    @property
    def coefficient(self) -> float | None:
        """The kappa that applies: Cohen's for two annotators, Fleiss' for more."""
        if self.applies == "cohen_kappa":
            return self.cohen_kappa
        if self.applies == "fleiss_kappa":
            return self.fleiss_kappa
        return None

    @property
    def band(self) -> str | None:
        return band(self.coefficient)

    @property
    def cohen_band(self) -> str | None:
        return band(self.cohen_kappa)

    @property
    def fleiss_band(self) -> str | None:
        return band(self.fleiss_kappa)

    @property
    def krippendorff_band(self) -> str | None:
        return band(self.krippendorff_alpha)


@dataclass(frozen=True)
class AnnotatorAnswer:
    """One annotator's answer on a call: whether they chose the tag, and all they chose."""

    annotator: User
    chose: bool
    tags: tuple[Tag, ...]  # every tag they chose on the call (empty: none applies)


@dataclass(frozen=True)
class Disagreement:
    call_id: int
    answers: tuple[AnnotatorAnswer, ...]  # by annotator name, every answer given on the call


@dataclass(frozen=True)
class TagAgreement(Coefficients):
    tag: Tag
    chosen: int  # calls on which at least one annotator chose the tag
    disagreements: tuple[Disagreement, ...]  # calls whose answers for the tag differ

    @property
    def disagreement_call_ids(self) -> list[int]:
        return [item.call_id for item in self.disagreements]


@dataclass(frozen=True)
class AgreementReport:
    campaign: AnnotationCampaign | None
    call_ids: tuple[int, ...]  # the annotated calls
    compared_call_ids: tuple[int, ...]  # those with two answers or more
    disagreed_call_ids: tuple[int, ...]  # those whose answers differ on some tag
    annotators: tuple[User, ...]
    overall: Coefficients
    tags: tuple[TagAgreement, ...]
    threshold: float

    @property
    def low(self) -> list[TagAgreement]:
        return [tag for tag in self.tags if is_low(tag, self.threshold)]


def band(value: float | None) -> str | None:
    return None if value is None else landis_koch_band(value)


def threshold_or_setting(threshold: float | None) -> float:
    return settings.TAG_AGREEMENT_THRESHOLD if threshold is None else threshold


def is_low(agreement: Coefficients, threshold: float) -> bool:
    """Below the threshold; an undefined kappa (no item to compare, or nobody ever chose the tag)
    is not low: there is no disagreement to clarify."""
    value = agreement.coefficient
    return value is not None and round(value, 9) < threshold


# --- The items --------------------------------------------------------------------------------


def _design(by_call: Answers) -> tuple[CoefficientName | None, tuple[int, int] | None, int]:
    """Which kappa applies, the two annotators of Cohen's, and the answers per item of Fleiss'."""
    annotators = sorted({who for answers in by_call.values() for who in answers})
    counts = Counter(len(answers) for answers in by_call.values() if len(answers) >= 2)
    # The most common number of answers; on a tie the larger one (more raters per item).
    raters = max(counts, key=lambda count: (counts[count], count)) if counts else 0
    if len(annotators) == 2:
        return "cohen_kappa", (annotators[0], annotators[1]), raters
    if len(annotators) > 2:
        return "fleiss_kappa", None, raters
    return None, None, raters


def _coefficients(by_call: Answers, tag_ids: Iterable[int]) -> Coefficients:
    """The coefficients on the binary items (call, tag) for these tags."""
    applies, pair, raters = _design(by_call)
    tag_ids = list(tag_ids)
    units: list[list[bool]] = [
        [tag_id in chosen for chosen in answers.values()]
        for answers in by_call.values()
        for tag_id in tag_ids
    ]
    first: list[bool] = []
    second: list[bool] = []
    if pair is not None:
        a, b = pair
        for answers in by_call.values():
            if a in answers and b in answers:
                first += [tag_id in answers[a] for tag_id in tag_ids]
                second += [tag_id in answers[b] for tag_id in tag_ids]
    fleiss_rows = [unit for unit in units if len(unit) == raters] if raters >= 2 else []
    return Coefficients(
        items=sum(1 for unit in units if len(unit) >= 2),
        cohen_kappa=cohen_kappa(first, second) if pair is not None else None,
        cohen_items=len(first),
        fleiss_kappa=fleiss_kappa(fleiss_rows) if fleiss_rows else None,
        fleiss_items=len(fleiss_rows),
        fleiss_raters=raters,
        krippendorff_alpha=krippendorff_alpha(units),
        percent=percent_agreement(units),
        applies=applies,
    )


def _tags_in_play(by_call: Answers) -> list[Tag]:
    """Every tag an annotator could choose (the active ones) and any retired one they chose."""
    chosen = {
        tag_id for answers in by_call.values() for tags in answers.values() for tag_id in tags
    }
    tags = Tag.objects.filter(is_active=True) | Tag.objects.filter(pk__in=chosen)
    return list(
        tags.select_related("category").order_by("category__order", "category__name", "name", "pk")
    )


def _disagreements(
    by_call: Answers, tag: Tag, tags: dict[int, Tag], users: dict[int, User]
) -> tuple[Disagreement, ...]:
    result = []
    for call_id in sorted(by_call):
        answers = by_call[call_id]
        if len({tag.pk in chosen for chosen in answers.values()}) < 2:
            continue
        side_by_side = sorted(
            (
                AnnotatorAnswer(
                    annotator=users[who],
                    chose=tag.pk in chosen,
                    tags=tuple(
                        sorted((tags[t] for t in chosen if t in tags), key=lambda t: t.name)
                    ),
                )
                for who, chosen in answers.items()
            ),
            key=lambda answer: (answer.annotator.get_username(), answer.annotator.pk),
        )
        result.append(Disagreement(call_id=call_id, answers=tuple(side_by_side)))
    return tuple(result)


def agreement_report(
    *, campaign: AnnotationCampaign | None = None, threshold: float | None = None
) -> AgreementReport:
    """Per tag and overall, on the campaign's answers (or those of every closed campaign)."""
    by_call = annotation_answers(campaign)
    tags = _tags_in_play(by_call) if by_call else []
    tag_by_id = {tag.pk: tag for tag in tags}
    annotator_ids = {who for answers in by_call.values() for who in answers}
    users = {user.pk: user for user in User.objects.filter(pk__in=annotator_ids)}
    per_tag = []
    for tag in tags:
        coefficients = _coefficients(by_call, [tag.pk])
        per_tag.append(
            TagAgreement(
                **{item.name: getattr(coefficients, item.name) for item in fields(Coefficients)},
                tag=tag,
                chosen=sum(
                    1
                    for answers in by_call.values()
                    if any(tag.pk in chosen for chosen in answers.values())
                ),
                disagreements=_disagreements(by_call, tag, tag_by_id, users),
            )
        )
    return AgreementReport(
        campaign=campaign,
        call_ids=tuple(sorted(by_call)),
        compared_call_ids=tuple(sorted(c for c, answers in by_call.items() if len(answers) >= 2)),
        disagreed_call_ids=tuple(
            sorted(c for c, answers in by_call.items() if len(set(answers.values())) > 1)
        ),
        annotators=tuple(sorted(users.values(), key=lambda user: user.get_username())),
        overall=_coefficients(by_call, tag_by_id),
        tags=tuple(per_tag),
        threshold=threshold_or_setting(threshold),
    )


def tag_agreement(*, campaign: AnnotationCampaign | None = None) -> list[TagAgreement]:
    """Each tag's agreement on the campaign's answers (without one: every closed campaign)."""
    return list(agreement_report(campaign=campaign).tags)


def low_agreement_tags(
    *, threshold: float | None = None, campaign: AnnotationCampaign | None = None
) -> list[TagAgreement]:
    """The tags whose kappa is below the threshold (None: settings.TAG_AGREEMENT_THRESHOLD),
    lowest first: their descriptions need clarifying."""
    limit = threshold_or_setting(threshold)
    low = [tag for tag in tag_agreement(campaign=campaign) if is_low(tag, limit)]
    return sorted(low, key=lambda tag: (tag.coefficient, tag.tag.name))
