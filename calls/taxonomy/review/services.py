"""Opening a month's taxonomy review, deciding its suggestions and applying the accepted ones.

Deciding and applying are two steps: an admin goes through the list, then applies what they
accepted at once, so that the archive is re-analysed once for the whole review. Applying goes
through the taxonomy's own writes (calls/taxonomy/services.py), in one transaction; a suggestion
applied (applied_at) is never applied again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import (
    KeyPhrase,
    PhraseSpeaker,
    ReanalysisRun,
    ReviewSuggestion,
    Tag,
    TagCategory,
    TaxonomyReview,
)
from calls.phrase_runtime.validation import PhraseInvalid
from calls.reanalysis import ReanalysisAlreadyRunning, reanalysis_start
from calls.taxonomy.review import suggestions as mining
from calls.taxonomy.services import (
    TaxonomyConflict,
    phrase_create,
    tag_create,
    tag_set_active,
)
from calls.taxonomy.tagging import TAGS_ANALYSER
from project.errors import DomainError
from project.russian import plural


class SuggestionDecided(DomainError):
    code = "already_decided"
    conflict = True


class ReviewInvalid(DomainError):
    code = "review_invalid"


# Kinds whose applying changes what the phrases find: the archive is re-analysed after them.
RETAGGING_KINDS = {ReviewSuggestion.Kind.RETIRE, ReviewSuggestion.Kind.ADD_PHRASES}


def month_period(month: date) -> tuple[date, date]:
    """The first and the last day of the month `month` is in."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def review_open(*, month: date) -> tuple[TaxonomyReview, bool]:
    """The review of `month`, computed now when new; (review, created). Idempotent: the schedule
    may fire twice, an admin may run the command again."""
    first, last = month_period(month)
    existing = TaxonomyReview.objects.filter(month=first).first()
    if existing is not None:
        return existing, False
    new_tags, considered = mining.new_tags(first=first, last=last)
    found = [
        *mining.retire(last=last),
        *new_tags,
        *mining.clarify(),
        *mining.merge(first=first, last=last),
        *mining.add_phrases(),
    ]
    try:
        with transaction.atomic():
            review = TaxonomyReview.objects.create(month=first, calls_considered=considered)
            for suggestion in found:
                row = suggestion.row()
                row.review = review
                row.save()
                row.tags.set(suggestion.tags)
    except IntegrityError:
        # Another run opened the same month meanwhile (the unique month): keep theirs.
        return TaxonomyReview.objects.get(month=first), False
    return review, True


def suggestion_decide(
    *,
    suggestion: ReviewSuggestion,
    accept: bool,
    user: User,
    category: TagCategory | None = None,
) -> ReviewSuggestion:
    """Accept or reject a pending suggestion, logged with who and when. A new tag needs the
    category its draft goes to. Applying is review_apply's."""
    with transaction.atomic():
        locked = ReviewSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.status != ReviewSuggestion.Status.PENDING:
            raise SuggestionDecided(
                _("По этому предложению уже решено: %(status)s.")
                % {"status": locked.get_status_display()}
            )
        if accept and locked.kind == ReviewSuggestion.Kind.NEW_TAG:
            if category is None:
                raise ReviewInvalid(_("Выберите категорию для нового тега."))
            locked.payload = {**locked.payload, "category": category.pk}
        locked.status = (
            ReviewSuggestion.Status.ACCEPTED if accept else ReviewSuggestion.Status.REJECTED
        )
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["payload", "status", "decided_by", "decided_at"])
        _close_when_done(locked.review_id, locked.decided_at)
    return locked


def _close_when_done(review_id: int, at: Any) -> None:
    review = TaxonomyReview.objects.get(pk=review_id)
    left = review.suggestions.pending().exists() or review.suggestions.to_apply().exists()
    if not left and review.status == TaxonomyReview.Status.OPEN:
        review.status, review.closed_at = TaxonomyReview.Status.CLOSED, at
        review.save(update_fields=["status", "closed_at"])


def _tag(pk: int) -> Tag:
    tag = Tag.objects.filter(pk=pk).first()
    if tag is None:
        raise ReviewInvalid(_("Этого тега больше нет в таксономии."))
    return tag


def _draft_tag(suggestion: ReviewSuggestion) -> dict[str, Any]:
    payload = suggestion.payload
    category = TagCategory.objects.filter(pk=payload.get("category")).first()
    if category is None:
        raise ReviewInvalid(_("Категории для нового тега больше нет: примите предложение заново."))
    month = suggestion.review.month
    tag = tag_create(
        code=f"review-{month:%Y-%m}-{suggestion.pk}",
        name=payload["phrase"].capitalize(),
        category=category,
        is_active=False,
        description=_("Черновик из обзора за %(month)s: сказано в %(count)s.")
        % {
            "month": f"{month:%m.%Y}",
            "count": plural(payload.get("call_count", 0), "звонке,звонках,звонках"),
        },
    )
    # A draft was never in use: it is not retired, only not switched on yet.
    tag.retired_on = None
    tag.save(update_fields=["retired_on"])
    phrases = []
    for text in payload.get("phrases") or [payload["phrase"]]:
        try:
            phrases.append(phrase_create(tag=tag, text=text, speaker=PhraseSpeaker.CUSTOMER).pk)
        except (PhraseInvalid, TaxonomyConflict):
            continue  # a wording the engine refuses, or the same as one already added
    suggestion.tags.add(tag)
    return {"tag": tag.pk, "code": tag.code, "phrases": phrases}


def _apply(suggestion: ReviewSuggestion) -> dict[str, Any]:
    payload, kind = suggestion.payload, suggestion.kind
    if kind == ReviewSuggestion.Kind.RETIRE:
        tag = _tag(payload["tag"])
        was_active = tag.is_active
        tag_set_active(tag=tag, active=False)
        return {"tag": tag.pk, "retired": was_active}
    if kind == ReviewSuggestion.Kind.NEW_TAG:
        return _draft_tag(suggestion)
    if kind == ReviewSuggestion.Kind.ADD_PHRASES:
        tag = _tag(payload["tag"])
        speaker = payload.get("speaker", PhraseSpeaker.CUSTOMER)
        existing = KeyPhrase.objects.filter(tag=tag, text=payload["text"], speaker=speaker).first()
        if existing is not None:
            return {"tag": tag.pk, "phrase": existing.pk, "existed": True}
        try:
            phrase = phrase_create(tag=tag, text=payload["text"], speaker=speaker)
        except PhraseInvalid as error:
            raise ReviewInvalid(error.message) from None
        return {"tag": tag.pk, "phrase": phrase.pk}
    if kind == ReviewSuggestion.Kind.CLARIFY:
        tag = _tag(payload["tag"])
        return {"tag": tag.pk, "edit": reverse("taxonomy:tag-edit", kwargs={"pk": tag.pk})}
    if kind == ReviewSuggestion.Kind.MERGE:
        # Nothing automatic: which of the two stays is a person's decision, made in the editor.
        return {"tags": [payload["tag_a"], payload["tag_b"]]}
    raise ReviewInvalid(_("Неизвестный вид предложения %(kind)r.") % {"kind": kind})


@dataclass
class Applied:
    suggestions: list[ReviewSuggestion] = field(default_factory=list)
    run: ReanalysisRun | None = None
    # Why no re-analysis was started although the taxonomy changed (one already running).
    reanalysis_note: str = ""


def review_apply(*, review: TaxonomyReview, user: User, reanalyse: bool = True) -> Applied:
    """Apply every accepted suggestion not applied yet, all or none, then re-analyse the archive
    with the tags analyser when the phrases changed. Applying again applies nothing."""
    result = Applied()
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            ReviewSuggestion.objects.select_for_update()
            .filter(review=review)
            .to_apply()
            .select_related("review")
            .order_by("id")
        )
        for suggestion in locked:
            suggestion.applied = _apply(suggestion)
            suggestion.applied_at = now
            suggestion.save(update_fields=["applied", "applied_at"])
            result.suggestions.append(suggestion)
        _close_when_done(review.pk, now)
    if reanalyse and any(s.kind in RETAGGING_KINDS for s in result.suggestions):
        try:
            result.run = reanalysis_start(analyser=TAGS_ANALYSER, user=user)
        except ReanalysisAlreadyRunning as error:
            # The changes are saved; the taxonomy page says the archive was tagged before them.
            result.reanalysis_note = error.message
    return result
