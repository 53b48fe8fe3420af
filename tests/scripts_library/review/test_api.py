"""scripts_library/review/api.py: the reviews for programs, with the pages' visibility."""

import pytest
from rest_framework.test import APIClient

from calls.models import Call
from project.roles import Role
from scripts_library.models import LibraryReview
from scripts_library.review.services import review_open
from tests.factories import OperatorFactory, TeamFactory, UserFactory, api_client_for
from tests.scripts_library.review.conftest import OCTOBER, Month


@pytest.fixture
def review(month: Month) -> LibraryReview:
    return review_open(period_start=OCTOBER[0], period_end=OCTOBER[1])[0]


def test_trainer_lists_and_reads_a_review(review: LibraryReview, month: Month) -> None:
    api = api_client_for(UserFactory(username="trainer", role=Role.TRAINER))
    listing = api.get("/api/v1/library/reviews/")
    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert (row["id"], row["period_start"], row["period_end"]) == (
        review.pk, "2026-10-01", "2026-10-31")
    assert row["suggestion_count"] == review.suggestions.count()
    assert row["url"].endswith(f"/library/reviews/{review.pk}/")
    detail = api.get(f"/api/v1/library/reviews/{review.pk}/").json()
    assert len(detail["suggestions"]) == review.suggestions.count()
    (delivery,) = [s for s in detail["suggestions"] if s["kind"] == "new_objection"
                   and "доставка" in s["details"]["lemmas"]]
    assert delivery["details"]["call_count"] == 3
    assert {e["call"] for e in delivery["evidence"]["calls"]} == {
        c.pk for c in month.delivery_calls}
    assert all(e["text"] for e in delivery["examples"])
    unused = next(s for s in detail["suggestions"] if s["kind"] == "unused_block")
    assert (unused["details"]["window_from"], unused["details"]["window_to"]) == (
        "2026-08-01", "2026-10-31")
    assert api.get("/api/v1/library/reviews/999999/").status_code == 404


def test_manager_gets_only_what_their_calls_support(review: LibraryReview,
                                                    month: Month) -> None:
    manager = UserFactory(username="boss", role=Role.MANAGER)
    operator = OperatorFactory(team=TeamFactory(manager=manager))
    mine = month.delivery_calls[0]
    Call.objects.filter(pk=mine.pk).update(operator=operator)
    detail = api_client_for(manager).get(f"/api/v1/library/reviews/{review.pk}/").json()
    quoted = {e["call"] for s in detail["suggestions"] for e in s["examples"]}
    counted = {e["call"] for s in detail["suggestions"] for rows in s["evidence"].values()
               for e in rows}
    assert quoted == {mine.pk} and counted == {mine.pk}
    assert {s["kind"] for s in detail["suggestions"]} == {"new_objection", "unused_block"}
    assert detail["calls"] == {"total": 1, "sale": 0, "no_sale": 1}
    # A manager of an empty team: no call, no quote, no count.
    empty = api_client_for(UserFactory(username="empty", role=Role.MANAGER))
    body = empty.get(f"/api/v1/library/reviews/{review.pk}/").json()
    assert all(s["kind"] == "unused_block" for s in body["suggestions"])
    assert body["calls"]["total"] == 0
    assert empty.get("/api/v1/library/reviews/").json()["results"][0]["suggestion_count"] == \
        len(body["suggestions"])


def test_operators_and_strangers_are_refused(review: LibraryReview) -> None:
    operator = api_client_for(UserFactory(username="op", role=Role.OPERATOR))
    for path in ("/api/v1/library/reviews/", f"/api/v1/library/reviews/{review.pk}/"):
        response = operator.get(path)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert APIClient().get(path).status_code == 401
        assert api_client_for(UserFactory(username="nobody")).get(path).status_code == 403


def test_schema_documents_the_review_api(db: None) -> None:
    api = api_client_for(UserFactory(username="admin", role=Role.ADMIN))
    schema = api.get("/api/schema/", {"format": "json"}).json()
    listing = schema["paths"]["/api/v1/library/reviews/"]["get"]
    detail = schema["paths"]["/api/v1/library/reviews/{id}/"]["get"]
    assert {"200", "401", "403"} <= set(listing["responses"])
    assert {"200", "401", "403", "404"} <= set(detail["responses"])
    assert "page" in {p["name"] for p in listing["parameters"]}
