from datetime import date

import pytest

from project.roles import Role
from scripts_library.models import (
    LibraryReview,
    Objection,
    ObjectionPhrase,
    ResponseBlock,
    ReviewSuggestion,
)
from scripts_library.review import services
from tests.factories import UserFactory
from tests.scripts_library.review.conftest import GUARANTEE, OCTOBER, Month


@pytest.fixture
def review(month: Month) -> LibraryReview:
    review, created = services.review_open(period_start=OCTOBER[0], period_end=OCTOBER[1])
    assert created
    return review


@pytest.fixture
def trainer():  # type: ignore[no-untyped-def]
    return UserFactory(username="trainer", role=Role.TRAINER)


def _one(review: LibraryReview, kind: str, **payload: object) -> ReviewSuggestion:
    found = [s for s in review.suggestions.filter(kind=kind)
             if all(s.payload.get(k) == v for k, v in payload.items())]
    assert len(found) == 1, found
    return found[0]


def test_review_has_every_kind_and_is_idempotent_per_period(review: LibraryReview) -> None:
    assert set(review.suggestions.values_list("kind", flat=True)) == set(
        ReviewSuggestion.Kind.values)
    assert review.calls_considered == 30  # 10 with talk, 20 with the two argument blocks
    count = review.suggestions.count()
    again, created = services.review_open(period_start=OCTOBER[0], period_end=OCTOBER[1])
    assert (again, created) == (review, False)
    assert review.suggestions.count() == count
    assert LibraryReview.objects.count() == 1


def test_accept_new_objection_makes_a_draft_with_its_phrase(review: LibraryReview,
                                                            trainer) -> None:  # type: ignore[no-untyped-def]
    suggestion = next(s for s in review.suggestions.filter(kind="new_objection")
                      if "доставка" in s.payload["lemmas"])
    decided = services.suggestion_decide(suggestion=suggestion, accept=True, user=trainer)
    objection = Objection.objects.get(pk=decided.applied["objection"])
    assert objection.status == Objection.Status.DRAFT
    assert objection.theme.name == services.REVIEW_THEME
    assert list(objection.phrases.values_list("text", flat=True)) == [
        suggestion.payload["phrase"]]
    assert (decided.status, decided.decided_by) == ("accepted", trainer)
    assert decided.decided_at is not None
    assert objection.history.first().history_user == trainer


def test_accept_phrase_block_and_retire(review: LibraryReview, month: Month,
                                        trainer) -> None:  # type: ignore[no-untyped-def]
    services.suggestion_decide(suggestion=_one(review, "new_phrase"), accept=True, user=trainer)
    assert ObjectionPhrase.objects.filter(objection=month.price, text="цена кусается").exists()
    decided = services.suggestion_decide(suggestion=_one(review, "new_block"), accept=True,
                                         user=trainer)
    block = ResponseBlock.objects.get(pk=decided.applied["block"])
    assert (block.text, block.kind, block.source, block.author) == (
        GUARANTEE, "argument", ResponseBlock.Source.REVIEW, trainer)
    services.suggestion_decide(suggestion=_one(review, "weak_block", block=month.weak.pk),
                               accept=True, user=trainer)
    services.suggestion_decide(suggestion=_one(review, "unused_block", block=month.unused.pk),
                               accept=True, user=trainer)
    month.weak.refresh_from_db()
    month.unused.refresh_from_db()
    assert not month.weak.is_active and not month.unused.is_active


def test_reject_changes_nothing_and_a_decision_is_final(review: LibraryReview, month: Month,
                                                       trainer) -> None:  # type: ignore[no-untyped-def]
    suggestion = _one(review, "weak_block", block=month.weak.pk)
    decided = services.suggestion_decide(suggestion=suggestion, accept=False, user=trainer)
    assert (decided.status, decided.applied, decided.decided_by) == ("rejected", {}, trainer)
    month.weak.refresh_from_db()
    assert month.weak.is_active
    with pytest.raises(services.SuggestionDecided):
        services.suggestion_decide(suggestion=suggestion, accept=True, user=trainer)


def test_review_closes_with_its_last_decision(review: LibraryReview, trainer) -> None:  # type: ignore[no-untyped-def]
    for suggestion in review.suggestions.all():
        services.suggestion_decide(suggestion=suggestion, accept=False, user=trainer)
    review.refresh_from_db()
    assert review.status == LibraryReview.Status.CLOSED and review.closed_at is not None


def test_a_library_error_leaves_the_suggestion_pending(review: LibraryReview, month: Month,
                                                      trainer) -> None:  # type: ignore[no-untyped-def]
    suggestion = _one(review, "new_phrase")
    ObjectionPhrase.objects.create(objection=month.price, text="цена кусается",
                                   speaker="customer")
    with pytest.raises(services.library.LibraryConflict):
        services.suggestion_decide(suggestion=suggestion, accept=True, user=trainer)
    suggestion.refresh_from_db()
    assert suggestion.status == "pending" and suggestion.decided_by is None


def test_month_periods() -> None:
    assert services.month_period(date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert services.previous_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))
