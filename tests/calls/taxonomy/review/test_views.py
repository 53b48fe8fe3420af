import pytest
from django.contrib.auth.models import User

from calls.models import ReanalysisRun, ReviewSuggestion, Tag, TaxonomyReview
from calls.taxonomy.review import services
from tests.calls.taxonomy.review.conftest import OCTOBER, Month
from tests.factories import client_for


@pytest.fixture
def review(month: Month) -> TaxonomyReview:
    return services.review_open(month=OCTOBER)[0]


def _retire(review: TaxonomyReview) -> ReviewSuggestion:
    return review.suggestions.get(kind=ReviewSuggestion.Kind.RETIRE)


def test_the_review_page_shows_each_suggestion_with_its_evidence(
    review: TaxonomyReview, admin_user: User
) -> None:
    client = client_for(admin_user)
    listing = client.get("/taxonomy/review/").content.decode()
    assert f"/taxonomy/review/{review.pk}/" in listing
    body = client.get(f"/taxonomy/review/{review.pk}/").content.decode()
    for suggestion in review.suggestions.all():
        assert f'id="suggestion-{suggestion.pk}"' in body
    promo = next(
        s
        for s in review.suggestions.filter(kind=ReviewSuggestion.Kind.NEW_TAG)
        if "промокод" in s.payload["lemmas"]
    )
    # The count opens its calls; each example opens its moment.
    assert f"/taxonomy/review/suggestions/{promo.pk}/calls/calls/" in body
    example = promo.payload["calls"][0]
    assert f"/calls/{example['call']}/#t=5.0" in body
    assert 'name="decision" value="accept"' in body and 'name="category"' in body


def test_the_calls_behind_a_figure(review: TaxonomyReview, month: Month, admin_user: User) -> None:
    merge = review.suggestions.get(kind=ReviewSuggestion.Kind.MERGE)
    response = client_for(admin_user).get(f"/taxonomy/review/suggestions/{merge.pk}/calls/both/")
    body = response.content.decode()
    assert response.status_code == 200 and "8\u00a0звонков" in body
    for call in month.both_calls:
        assert f'data-call-id="{call.pk}"' in body
    missing = client_for(admin_user).get(f"/taxonomy/review/suggestions/{merge.pk}/calls/nope/")
    assert missing.status_code == 404


def test_an_admin_accepts_and_applies(
    review: TaxonomyReview, month: Month, admin_user: User
) -> None:
    client = client_for(admin_user)
    retire = _retire(review)
    response = client.post(
        f"/taxonomy/review/suggestions/{retire.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 302
    retire.refresh_from_db()
    assert retire.status == ReviewSuggestion.Status.ACCEPTED and retire.decided_by == admin_user
    assert "data-apply" in client.get(f"/taxonomy/review/{review.pk}/").content.decode()
    client.post(f"/taxonomy/review/{review.pk}/apply/")
    month.stale.refresh_from_db()
    assert not month.stale.is_active
    assert ReanalysisRun.objects.get().analyser == "tags"
    # Again: nothing to apply, no second run.
    client.post(f"/taxonomy/review/{review.pk}/apply/")
    assert ReanalysisRun.objects.count() == 1


def test_a_new_tag_goes_to_the_chosen_category(
    review: TaxonomyReview, month: Month, admin_user: User
) -> None:
    client = client_for(admin_user)
    new = review.suggestions.filter(kind=ReviewSuggestion.Kind.NEW_TAG).first()
    url = f"/taxonomy/review/suggestions/{new.pk}/decide/"
    response = client.post(url, {"decision": "accept", "category": "нет"}, follow=True)
    assert "Такой категории нет." in response.content.decode()
    client.post(url, {"decision": "accept", "category": month.service.pk})
    client.post(f"/taxonomy/review/{review.pk}/apply/")
    new.refresh_from_db()
    assert Tag.objects.get(pk=new.applied["tag"]).category == month.service


@pytest.mark.parametrize("role", ["trainer_user", "manager_user", "operator"])
def test_only_admins_decide(
    review: TaxonomyReview, role: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(role)
    user = getattr(user, "user", user)  # an operator fixture is an Operator
    client = client_for(user)
    retire = _retire(review)
    assert (
        client.post(
            f"/taxonomy/review/suggestions/{retire.pk}/decide/", {"decision": "accept"}
        ).status_code
        == 403
    )
    assert client.post(f"/taxonomy/review/{review.pk}/apply/").status_code == 403
    retire.refresh_from_db()
    assert retire.status == ReviewSuggestion.Status.PENDING


def test_trainers_read_managers_and_operators_see_nothing(
    review: TaxonomyReview, trainer_user: User, manager_user: User, operator: object
) -> None:
    pages = [
        "/taxonomy/review/",
        f"/taxonomy/review/{review.pk}/",
        f"/taxonomy/review/suggestions/{_retire(review).pk}/calls/last/",
    ]
    trainer = client_for(trainer_user)
    assert [trainer.get(page).status_code for page in pages[:2]] == [200, 200]
    assert "decision" not in trainer.get(pages[1]).content.decode()
    for user in (manager_user, operator.user):  # type: ignore[attr-defined]
        client = client_for(user)
        assert [client.get(page).status_code for page in pages] == [403, 403, 403]
