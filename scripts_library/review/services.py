"""Opening a month's review and deciding its suggestions.

Accepting applies the suggestion through the library's own writes (scripts_library/library/
services.py), so the change has its history version like any editor change, and logs who and
when on the suggestion (decided_by, decided_at) with what was done (applied).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from project.errors import DomainError
from project.russian import plural
from scripts_library.library import services as library
from scripts_library.models import LibraryReview, Objection, ResponseBlock, ReviewSuggestion
from scripts_library.review import mining

# Draft objections from the review wait under this theme until a trainer files them.
REVIEW_THEME = "Новые (из обзора)"


class SuggestionDecided(DomainError):
    code = "already_decided"
    conflict = True


def month_period(month: date) -> tuple[date, date]:
    """The first and the last day of the month `month` is in."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def previous_month(today: date) -> tuple[date, date]:
    return month_period(today.replace(day=1) - timedelta(days=1))


def review_open(*, period_start: date, period_end: date) -> tuple[LibraryReview, bool]:
    """The review of the period, mined now when new; (review, created). Idempotent: the
    schedule may fire twice, a trainer may run the command again."""
    existing = LibraryReview.objects.filter(period_start=period_start,
                                            period_end=period_end).first()
    if existing is not None:
        return existing, False
    calls = mining.sales_calls(period_start, period_end)
    suggestions = [
        *mining.new_objections(calls),
        *mining.new_phrases(calls),
        *mining.successful_replies(calls),
        *mining.unused_blocks(period_start, period_end),
        *mining.weak_blocks(period_start, period_end),
    ]
    try:
        with transaction.atomic():
            review = LibraryReview.objects.create(
                period_start=period_start, period_end=period_end,
                calls_considered=calls.count(),
            )
            for suggestion in suggestions:
                suggestion.review = review
            ReviewSuggestion.objects.bulk_create(suggestions)
    except IntegrityError:
        # Another run opened the same period meanwhile (the unique period): keep theirs.
        return LibraryReview.objects.get(period_start=period_start, period_end=period_end), False
    return review, True


def _objection(code: str) -> Objection:
    objection = Objection.objects.filter(code=code).first()
    if objection is None:
        raise library.LibraryInvalid(
            _("Возражения «%(code)s» больше нет в библиотеке.") % {"code": code}
        )
    return objection


def _block(pk: int) -> ResponseBlock:
    block = ResponseBlock.objects.filter(pk=pk).first()
    if block is None:
        raise library.LibraryInvalid(_("Этого блока больше нет в библиотеке."))
    return block


def _apply(suggestion: ReviewSuggestion, user: User) -> dict[str, Any]:
    payload = suggestion.payload
    kind = suggestion.kind
    if kind == ReviewSuggestion.Kind.NEW_OBJECTION:
        theme, _created = library.theme_get_or_create(name=REVIEW_THEME)
        objection = library.objection_create(
            code=f"review-{suggestion.review.period_start:%Y-%m}-{suggestion.pk}",
            theme=theme, name=payload["phrase"].capitalize(),
            description=_("Из обзора за %(month)s: в %(count)s.") % {
                "month": f"{suggestion.review.period_start:%m.%Y}",
                "count": plural(payload.get("call_count", 0), "звонке,звонках,звонках")},
            status=Objection.Status.DRAFT, user=user,
        )
        phrase = library.phrase_add(objection=objection, text=payload["phrase"], user=user)
        return {"objection": objection.pk, "code": objection.code, "phrase": phrase.pk}
    if kind == ReviewSuggestion.Kind.NEW_PHRASE:
        objection = _objection(payload["objection"])
        phrase = library.phrase_add(objection=objection, text=payload["phrase"], user=user)
        return {"objection": objection.pk, "phrase": phrase.pk}
    if kind == ReviewSuggestion.Kind.NEW_BLOCK:
        objection = _objection(payload["objection"])
        block = library.block_create(objection=objection, kind=payload["block_kind"],
                                     text=payload["text"], author=user,
                                     source=ResponseBlock.Source.REVIEW)
        return {"objection": objection.pk, "block": block.pk}
    if kind in (ReviewSuggestion.Kind.UNUSED_BLOCK, ReviewSuggestion.Kind.WEAK_BLOCK):
        block = library.block_retire(block=_block(payload["block"]), user=user)
        return {"block": block.pk, "retired": True}
    raise library.LibraryInvalid(_("Неизвестный вид предложения %(kind)r.") % {"kind": kind})


def suggestion_decide(*, suggestion: ReviewSuggestion, accept: bool, user: User
                      ) -> ReviewSuggestion:
    """Accept (apply) or reject a pending suggestion; the review closes with its last one.
    A library error (a code taken, a phrase the engine refuses) leaves it pending."""
    with transaction.atomic():
        locked = ReviewSuggestion.objects.select_for_update().select_related("review").get(
            pk=suggestion.pk
        )
        if locked.status != ReviewSuggestion.Status.PENDING:
            raise SuggestionDecided(_("По этому предложению уже решено: %(status)s.")
                                    % {"status": locked.get_status_display()})
        locked.applied = _apply(locked, user) if accept else {}
        locked.status = (ReviewSuggestion.Status.ACCEPTED if accept
                         else ReviewSuggestion.Status.REJECTED)
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save()
        review = locked.review
        if not review.suggestions.filter(status=ReviewSuggestion.Status.PENDING).exists():
            review.status = LibraryReview.Status.CLOSED
            review.closed_at = locked.decided_at
            review.save(update_fields=["status", "closed_at"])
    return locked
