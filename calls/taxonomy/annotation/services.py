"""Writes of annotation campaigns: create one with its sample, save an annotator's answer, close
it, turn its reference labels into the calls' manual tags, decide a tie.

Pages, the API and `import_annotations` share these. Every answer is checked here, not in a form:
the campaign must be open, the person assigned, the call in the sample, the tags active, and the
answer either tags or «ни один тег не подходит», never both and never neither.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.local_days import started_on_days
from calls.models import (
    Annotation,
    AnnotationCampaign,
    Call,
    CallTag,
    CampaignCall,
    Segment,
    Tag,
    TieResolution,
)
from calls.roles import may_annotate
from calls.taxonomy.annotation.reference import answers, majority, reference_labels
from calls.taxonomy.services import call_tag_add
from project.errors import DomainError
from project.russian import plural

# A campaign is read call by call by people: a few dozen to a few hundred calls.
MAX_SAMPLE_SIZE = 1000
MIN_ANNOTATORS = 2
NAME_MAX_LENGTH = AnnotationCampaign._meta.get_field("name").max_length or 200
STRATIFIED = (
    AnnotationCampaign.Sampling.LINE,
    AnnotationCampaign.Sampling.CATEGORY,
    AnnotationCampaign.Sampling.TAG,
)


class AnnotationInvalid(DomainError):
    code = "annotation_invalid"


class CampaignConflict(DomainError):
    """The request is fine but the campaign's state forbids it (closed, a name taken, decided)."""

    code = "campaign_conflict"
    conflict = True


# --- Sampling ------------------------------------------------------------------------------------


def sample_candidates(
    *, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[Call]:
    """The calls a campaign may draw: transcribed, with a transcript, in the date range."""
    return Call.objects.filter(
        Exists(Segment.objects.filter(call=OuterRef("pk"))),
        started_on_days(date_from, date_to),
        status__in=[Call.Status.TRANSCRIBED, Call.Status.ANALYSED],
    ).order_by("pk")


def _strata(sampling: str, candidates: QuerySet[Call]) -> dict[str, list[int]]:
    """Stratum name → its candidate call ids. A call with several tags (or categories) is in
    each of their strata and is drawn at most once; calls without one form their own stratum.
    The candidates stay a subquery: an archive's ids would overflow a query's parameters."""
    strata: dict[str, set[int]] = defaultdict(set)
    if sampling == AnnotationCampaign.Sampling.LINE:
        for pk, line in candidates.values_list("pk", "line__name"):
            strata[line or _("без линии")].add(pk)
        return {name: sorted(ids) for name, ids in strata.items()}
    by_category = sampling == AnnotationCampaign.Sampling.CATEGORY
    field = "tag__category__name" if by_category else "tag__name"
    tagged: set[int] = set()
    in_sample = CallTag.objects.filter(call__in=candidates.values("pk"))
    for pk, name in in_sample.values_list("call_id", field).distinct():
        strata[name].add(pk)
        tagged.add(pk)
    untagged = [pk for pk in candidates.values_list("pk", flat=True) if pk not in tagged]
    if untagged:
        # The calls nothing was found in are the negatives annotation needs as much as the rest.
        strata[_("без тегов")].update(untagged)
    return {name: sorted(ids) for name, ids in strata.items()}


def _draw_evenly(
    strata: dict[str, list[int]], size: int, rng: random.Random
) -> list[tuple[int, str]]:
    """Round robin over the strata: each gives the same number of calls (±1), and a stratum that
    runs out leaves its share to the others."""
    queues = {}
    for name in sorted(strata):
        ids = list(strata[name])
        rng.shuffle(ids)
        queues[name] = ids
    picked: dict[int, str] = {}
    while len(picked) < size and any(queues.values()):
        for name, ids in queues.items():
            while ids and ids[-1] in picked:
                ids.pop()
            if ids and len(picked) < size:
                picked[ids.pop()] = name
    return list(picked.items())


def sample_calls(
    *,
    size: int,
    sampling: str,
    date_from: date | None = None,
    date_to: date | None = None,
    seed: int | None = None,
) -> list[tuple[int, str]]:
    """(call id, stratum) of a sample of at most `size` calls; the same seed, the same sample."""
    rng = random.Random(seed)
    candidates = sample_candidates(date_from=date_from, date_to=date_to)
    if sampling == AnnotationCampaign.Sampling.RANDOM:
        ids = list(candidates.values_list("pk", flat=True))
        return [(pk, "") for pk in rng.sample(ids, min(size, len(ids)))]
    picked = _draw_evenly(_strata(sampling, candidates), size, rng)
    # Shuffled so that an annotator does not meet the strata in turn.
    rng.shuffle(picked)
    return picked


# --- Campaigns -----------------------------------------------------------------------------------


def annotators_validate(annotators: Iterable[User]) -> list[User]:
    people = list({user.pk: user for user in annotators}.values())
    if len(people) < MIN_ANNOTATORS:
        raise AnnotationInvalid(
            _("Нужно не меньше двух разметчиков: по одному ответу на звонок нельзя сверить.")
        )
    refused = [user.get_username() for user in people if not may_annotate(user)]
    if refused:
        raise AnnotationInvalid(
            _("Размечать могут разметчики, тренеры и администраторы; нет такой роли у: %(names)s.")
            % {"names": ", ".join(sorted(refused))}
        )
    return people


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise AnnotationInvalid(_("Укажите название кампании."))
    if len(name) > NAME_MAX_LENGTH:
        raise AnnotationInvalid(
            _("Название кампании — не длиннее %(limit)d символов.") % {"limit": NAME_MAX_LENGTH}
        )
    if AnnotationCampaign.objects.filter(name=name).exists():
        raise CampaignConflict(_("Кампания «%(name)s» уже есть.") % {"name": name})
    return name


@transaction.atomic
def campaign_create(
    *,
    name: str,
    sample_size: int,
    annotators: Iterable[User],
    created_by: User | None,
    sampling: str = AnnotationCampaign.Sampling.RANDOM,
    date_from: date | None = None,
    date_to: date | None = None,
    description: str = "",
    seed: int | None = None,
) -> AnnotationCampaign:
    """A campaign with a sample of transcribed calls, open for its annotators at once."""
    name = _check_name(name)
    if sampling != AnnotationCampaign.Sampling.RANDOM and sampling not in STRATIFIED:
        raise AnnotationInvalid(
            _("Неизвестный способ выборки «%(sampling)s».") % {"sampling": sampling}
        )
    if not 1 <= sample_size <= MAX_SAMPLE_SIZE:
        raise AnnotationInvalid(
            _("В выборке может быть от 1 до %(limit)s.")
            % {"limit": plural(MAX_SAMPLE_SIZE, "звонка,звонков,звонков")}
        )
    if date_from is not None and date_to is not None and date_from > date_to:
        raise AnnotationInvalid(_("Начало периода позже его конца."))
    people = annotators_validate(annotators)
    sample = sample_calls(
        size=sample_size, sampling=sampling, date_from=date_from, date_to=date_to, seed=seed
    )
    if not sample:
        raise AnnotationInvalid(_("За этот период нет расшифрованных звонков: выборка пуста."))
    campaign = AnnotationCampaign.objects.create(
        name=name,
        description=description,
        sampling=sampling,
        sample_size=len(sample),
        date_from=date_from,
        date_to=date_to,
        created_by=created_by,
    )
    campaign.annotators.set(people)
    CampaignCall.objects.bulk_create(
        CampaignCall(campaign=campaign, call_id=pk, stratum=stratum, order=order)
        for order, (pk, stratum) in enumerate(sample, start=1)
    )
    return campaign


# --- Answers -------------------------------------------------------------------------------------


@transaction.atomic
def annotation_save(
    *,
    campaign: AnnotationCampaign,
    call: Call,
    annotator: User,
    tags: Iterable[Tag],
    none_apply: bool,
    comment: str = "",
) -> Annotation:
    """An annotator's answer for a call, replacing their earlier one while the campaign is open."""
    chosen = list({tag.pk: tag for tag in tags}.values())
    if chosen and none_apply:
        raise AnnotationInvalid(
            _("Отметьте теги или «ни один тег не подходит», но не то и другое сразу.")
        )
    if not chosen and not none_apply:
        raise AnnotationInvalid(
            _("Отметьте подходящие теги или «ни один тег не подходит»: пустой ответ не сохранён.")
        )
    retired = sorted(tag.name for tag in chosen if not tag.is_active)
    if retired:
        raise AnnotationInvalid(
            _("Теги выведены из работы: %(names)s.") % {"names": ", ".join(retired)}
        )
    campaign = AnnotationCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise CampaignConflict(
            _("Кампания «%(name)s» закрыта: ответы больше не меняются.") % {"name": campaign.name}
        )
    if not campaign.annotators.filter(pk=annotator.pk).exists():
        raise AnnotationInvalid(_("Вы не разметчик кампании «%(name)s».") % {"name": campaign.name})
    if not campaign.campaign_calls.filter(call=call).exists():
        raise AnnotationInvalid(
            _("Этого звонка нет в кампании «%(name)s».") % {"name": campaign.name}
        )
    annotation, _created = Annotation.objects.update_or_create(
        campaign=campaign,
        call=call,
        annotator=annotator,
        defaults={"none_apply": none_apply, "comment": comment.strip()},
    )
    annotation.tags.set(chosen)
    return annotation


# --- Closing and the reference as manual tags ----------------------------------------------------


@dataclass(frozen=True)
class LabelsApplied:
    """What «перенести в теги» did: tags added, already there by hand, ties left, retired."""

    added: int
    already: int
    ties: int
    retired: int


def _closed(campaign: AnnotationCampaign) -> AnnotationCampaign:
    campaign = AnnotationCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_open:
        raise CampaignConflict(
            _("Кампания «%(name)s» ещё идёт: сначала закройте её.") % {"name": campaign.name}
        )
    return campaign


@transaction.atomic
def labels_apply(*, campaign: AnnotationCampaign, user: User | None) -> LabelsApplied:
    """The reference labels of a closed campaign become its calls' manual tags, logged as added
    by `user` (CallTagChange). Ties are not applied until an admin decides them (tie_resolve
    applies a decided one itself). Nothing is removed: a «no» of the majority is a label for
    agreement and learning, not a person's removal of a tag. Running it again adds only what is
    new (a decided tie), so it is safe to repeat."""
    campaign = _closed(campaign)
    references = reference_labels(campaign)
    tag_ids = {tag for reference in references.values() for tag in reference.tags}
    tags = Tag.objects.in_bulk(tag_ids)
    calls = Call.objects.in_bulk(references)
    added = already = retired = 0
    for call_id, reference in sorted(references.items()):
        for tag_id in sorted(reference.tags):
            tag = tags[tag_id]
            if not tag.is_active:
                retired += 1
                continue
            _call_tag, created = call_tag_add(call=calls[call_id], tag=tag, user=user)
            if created:
                added += 1
            else:
                already += 1
    campaign.labels_applied_at = timezone.now()
    campaign.save(update_fields=["labels_applied_at"])
    return LabelsApplied(
        added=added,
        already=already,
        retired=retired,
        ties=sum(len(reference.ties) for reference in references.values()),
    )


@transaction.atomic
def campaign_close(*, campaign: AnnotationCampaign, user: User) -> LabelsApplied | None:
    """Close a campaign: answers freeze and become visible. With ANNOTATION_APPLY_ON_CLOSE the
    reference labels become manual tags at once (returned); otherwise None and an admin applies
    them later (labels_apply)."""
    locked = AnnotationCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not locked.is_open:
        raise CampaignConflict(_("Кампания «%(name)s» уже закрыта.") % {"name": locked.name})
    locked.status = AnnotationCampaign.Status.CLOSED
    locked.closed_by = user
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_by", "closed_at"])
    result = None
    if settings.ANNOTATION_APPLY_ON_CLOSE:
        result = labels_apply(campaign=locked, user=user)
    campaign.refresh_from_db()
    return result


@transaction.atomic
def tie_resolve(
    *, campaign: AnnotationCampaign, call: Call, tag: Tag, applies: bool, user: User
) -> TieResolution:
    """An admin decides a tie of a closed campaign: whether the tag applies to the call. Once
    decided it stays; if the campaign's labels are already tags, a «yes» becomes a tag now."""
    campaign = _closed(campaign)
    reference = majority(call.pk, answers(campaign).get(call.pk, {}))
    if tag.pk not in reference.ties:
        raise AnnotationInvalid(
            _("По тегу «%(tag)s» у этого звонка нет ничьей.") % {"tag": tag.name}
        )
    if TieResolution.objects.filter(campaign=campaign, call=call, tag=tag).exists():
        raise CampaignConflict(_("Ничья по тегу «%(tag)s» уже решена.") % {"tag": tag.name})
    resolution = TieResolution.objects.create(
        campaign=campaign, call=call, tag=tag, applies=applies, decided_by=user
    )
    if applies and campaign.labels_applied_at is not None and tag.is_active:
        call_tag_add(call=call, tag=tag, user=user)
    return resolution
