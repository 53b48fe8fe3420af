import pytest
from django.contrib.auth.models import User

from calls.models import KeyPhrase, ReanalysisRun, ReviewSuggestion, Tag, TaxonomyReview
from calls.taxonomy.review import services
from tests.calls.taxonomy.review.conftest import OCTOBER, Month


def _open() -> TaxonomyReview:
    review, created = services.review_open(month=OCTOBER)
    assert created
    return review


def _one(review: TaxonomyReview, kind: str, **payload: object) -> ReviewSuggestion:
    rows = [
        s
        for s in review.suggestions.filter(kind=kind)
        if all(s.payload.get(k) == v for k, v in payload.items())
    ]
    assert len(rows) == 1, rows
    return rows[0]


def test_open_is_idempotent_and_saves_every_kind(month: Month) -> None:
    review = _open()
    kinds = set(review.suggestions.values_list("kind", flat=True))
    assert kinds == set(ReviewSuggestion.Kind.values)
    assert review.month == OCTOBER and review.status == TaxonomyReview.Status.OPEN
    merge = review.suggestions.get(kind=ReviewSuggestion.Kind.MERGE)
    assert set(merge.tags.all()) == {month.cancel, month.refund}
    again, created = services.review_open(month=OCTOBER.replace(day=20))
    assert (again, created) == (review, False)
    assert TaxonomyReview.objects.count() == 1


def test_accept_and_reject_are_logged(month: Month, admin_user: User) -> None:
    review = _open()
    retire = _one(review, ReviewSuggestion.Kind.RETIRE, code="stale")
    decided = services.suggestion_decide(suggestion=retire, accept=False, user=admin_user)
    assert decided.status == ReviewSuggestion.Status.REJECTED
    assert decided.decided_by == admin_user and decided.decided_at is not None
    with pytest.raises(services.SuggestionDecided):
        services.suggestion_decide(suggestion=retire, accept=True, user=admin_user)
    month.stale.refresh_from_db()
    assert month.stale.is_active


def test_a_new_tag_needs_a_category(month: Month, admin_user: User) -> None:
    review = _open()
    new = review.suggestions.filter(kind=ReviewSuggestion.Kind.NEW_TAG).first()
    with pytest.raises(services.ReviewInvalid):
        services.suggestion_decide(suggestion=new, accept=True, user=admin_user)
    new.refresh_from_db()
    assert new.status == ReviewSuggestion.Status.PENDING


def _accept_all(review: TaxonomyReview, month: Month, user: User) -> None:
    for suggestion in review.suggestions.all():
        services.suggestion_decide(
            suggestion=suggestion, accept=True, user=user, category=month.problems
        )


def test_applying_each_kind(month: Month, admin_user: User) -> None:
    review = _open()
    _accept_all(review, month, admin_user)
    applied = services.review_apply(review=review, user=admin_user)
    assert len(applied.suggestions) == review.suggestions.count()
    # Retired.
    month.stale.refresh_from_db()
    assert not month.stale.is_active and month.stale.retired_on is not None
    # A draft tag: inactive, in the chosen category, the n-grams as its first phrases.
    promo = next(
        s
        for s in review.suggestions.filter(kind=ReviewSuggestion.Kind.NEW_TAG)
        if "промокод" in s.payload["lemmas"]
    )
    draft = Tag.objects.get(pk=promo.applied["tag"])
    assert not draft.is_active and draft.retired_on is None and draft.category == month.problems
    assert draft.code == f"review-2026-10-{promo.pk}"
    assert list(draft.phrases.values_list("text", flat=True)) == promo.payload["phrases"]
    assert draft in promo.tags.all()
    # Phrases added to the tag.
    added = _one(review, ReviewSuggestion.Kind.ADD_PHRASES, text="курьер опоздать")
    assert KeyPhrase.objects.get(pk=added.applied["phrase"]).tag == month.late
    # Clarify and merge change nothing but are logged, linking the tags.
    clarify = review.suggestions.get(kind=ReviewSuggestion.Kind.CLARIFY)
    assert clarify.applied["edit"] == f"/taxonomy/tags/{month.late.pk}/"
    merge = review.suggestions.get(kind=ReviewSuggestion.Kind.MERGE)
    assert set(merge.applied["tags"]) == {month.cancel.pk, month.refund.pk}
    assert all(s.applied_at is not None for s in review.suggestions.all())
    # The archive is re-analysed with the tags analyser, once; the review is done.
    assert applied.run is not None and applied.run.analyser == "tags"
    assert ReanalysisRun.objects.count() == 1
    review.refresh_from_db()
    assert review.status == TaxonomyReview.Status.CLOSED


def test_applying_twice_does_nothing_twice(month: Month, admin_user: User) -> None:
    review = _open()
    _accept_all(review, month, admin_user)
    services.review_apply(review=review, user=admin_user, reanalyse=False)
    tags, phrases = Tag.objects.count(), KeyPhrase.objects.count()
    again = services.review_apply(review=review, user=admin_user)
    assert again.suggestions == [] and again.run is None
    assert (Tag.objects.count(), KeyPhrase.objects.count()) == (tags, phrases)


def test_applying_is_all_or_nothing(month: Month, admin_user: User) -> None:
    review = _open()
    _accept_all(review, month, admin_user)
    broken = _one(review, ReviewSuggestion.Kind.ADD_PHRASES, text="курьер опоздать")
    broken.payload = {**broken.payload, "text": "   "}
    broken.save()
    tags = Tag.objects.count()
    with pytest.raises(services.ReviewInvalid):
        services.review_apply(review=review, user=admin_user)
    month.stale.refresh_from_db()
    assert month.stale.is_active and Tag.objects.count() == tags
    assert not review.suggestions.filter(applied_at__isnull=False).exists()
    assert not ReanalysisRun.objects.exists()


def test_a_running_reanalysis_is_reported_not_failed(month: Month, admin_user: User) -> None:
    from calls.reanalysis import reanalysis_start

    reanalysis_start(user=admin_user, enqueue=False)
    review = _open()
    services.suggestion_decide(
        suggestion=_one(review, ReviewSuggestion.Kind.RETIRE, code="stale"),
        accept=True,
        user=admin_user,
    )
    applied = services.review_apply(review=review, user=admin_user)
    assert applied.run is None and "уже идёт" in applied.reanalysis_note
    month.stale.refresh_from_db()
    assert not month.stale.is_active
