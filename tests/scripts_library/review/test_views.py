import pytest

from project.roles import Role
from scripts_library.models import LibraryReview, ReviewSuggestion
from scripts_library.review.services import review_open
from tests.factories import UserFactory, client_for
from tests.scripts_library.review.conftest import OCTOBER, Month


@pytest.fixture
def review(month: Month) -> LibraryReview:
    return review_open(period_start=OCTOBER[0], period_end=OCTOBER[1])[0]


def test_trainer_sees_reviews_with_numbers_linked_to_calls(review: LibraryReview,
                                                           month: Month) -> None:
    client = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    assert "Октябрь 2026" in client.get("/library/reviews/").content.decode()
    html = client.get(f"/library/reviews/{review.pk}/").content.decode()
    assert "Новое возражение" in html and "Фраза «цена кусается»" in html
    assert f"/calls/{month.unmatched_price_call.pk}/#t=" in html
    assert f"/library/metrics/calls/?block={month.weak.pk}&amp;date_from=2026-08-01" in html


def test_accept_and_reject_from_the_page(review: LibraryReview, month: Month) -> None:
    trainer = UserFactory(username="trainer", role=Role.TRAINER)
    client = client_for(trainer)
    weak = next(s for s in review.suggestions.filter(kind="weak_block"))
    response = client.post(f"/library/reviews/suggestions/{weak.pk}/decide/",
                           {"decision": "accept"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/library/reviews/{review.pk}/#suggestion-{weak.pk}")
    weak.refresh_from_db()
    month.weak.refresh_from_db()
    assert (weak.status, weak.decided_by, month.weak.is_active) == ("accepted", trainer, False)
    again = client.post(f"/library/reviews/suggestions/{weak.pk}/decide/",
                        {"decision": "reject"}, follow=True)
    assert "уже решено" in again.content.decode()
    other = review.suggestions.filter(status=ReviewSuggestion.Status.PENDING).first()
    assert other is not None
    client.post(f"/library/reviews/suggestions/{other.pk}/decide/", {"decision": "reject"})
    other.refresh_from_db()
    assert other.status == "rejected"
    bad = client.post(f"/library/reviews/suggestions/{other.pk}/decide/", {"decision": "x"},
                      follow=True)
    assert bad.status_code == 200


def test_operator_cannot_see_or_decide(review: LibraryReview) -> None:
    client = client_for(UserFactory(username="op", role=Role.OPERATOR))
    suggestion = review.suggestions.first()
    assert client.get("/library/reviews/").status_code == 403
    assert client.get(f"/library/reviews/{review.pk}/").status_code == 403
    assert client.post(f"/library/reviews/suggestions/{suggestion.pk}/decide/",
                       {"decision": "accept"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_manager_reads_but_cannot_decide(review: LibraryReview) -> None:
    client = client_for(UserFactory(username="boss", role=Role.MANAGER))
    html = client.get(f"/library/reviews/{review.pk}/").content.decode()
    assert "Принять" not in html
    suggestion = review.suggestions.first()
    assert client.post(f"/library/reviews/suggestions/{suggestion.pk}/decide/",
                       {"decision": "accept"}).status_code == 403
