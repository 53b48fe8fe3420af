import pytest

from calls.models import Call
from project.roles import Role
from scripts_library.models import LibraryReview, ReviewSuggestion
from scripts_library.review.services import review_open
from scripts_library.review.visibility import evidence_sets
from tests.factories import OperatorFactory, TeamFactory, UserFactory, client_for
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
    weak = review.suggestions.get(kind="weak_block")
    assert f"/library/reviews/suggestions/{weak.pk}/calls/sales/" in html
    assert "Ни разу не вставлен с 01.08.2026 по 31.10.2026." in html
    # Each number opens exactly the calls it counts.
    sales = client.get(f"/library/reviews/suggestions/{weak.pk}/calls/calls/")
    assert sales.status_code == 200
    assert "10\u00a0звонков" in sales.content.decode()


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


def _manager_of(*calls: Call, name: str) -> object:
    """A manager whose team's operator made `calls` (none: a team with no calls)."""
    manager = UserFactory(username=name, role=Role.MANAGER)
    operator = OperatorFactory(team=TeamFactory(manager=manager))
    for call in calls:
        Call.objects.filter(pk=call.pk).update(operator=operator)
    return manager


def test_manager_of_an_empty_team_sees_no_quote_or_count_of_other_calls(
        review: LibraryReview, month: Month) -> None:
    client = client_for(_manager_of(name="empty"))  # type: ignore[arg-type]
    html = client.get(f"/library/reviews/{review.pk}/").content.decode()
    # No suggestion drawn from calls: not the phrase, not the quotes, not a call number.
    assert "доставка" not in html.lower() and "кусается" not in html
    assert "гарантия" not in html and "/calls/" + str(month.delivery_calls[0].pk) not in html
    assert "звонок " not in html
    # Only what rests on no call (a block nobody inserted) is left.
    assert "Никому не нужен" in html
    assert 'data-count="sale">0' in html and 'data-count="no_sale">0' in html
    listing = client.get("/library/reviews/").content.decode()
    assert f'<a href="/library/reviews/{review.pk}/">1</a>' in listing
    for suggestion in review.suggestions.all():
        assert client.get(f"/library/reviews/suggestions/{suggestion.pk}/calls/calls/"
                          ).status_code == 404


def test_manager_of_another_team_sees_their_calls_only(review: LibraryReview,
                                                       month: Month) -> None:
    mine = month.delivery_calls[0]
    others = month.delivery_calls[1:]
    client = client_for(_manager_of(mine, name="theirs"))  # type: ignore[arg-type]
    html = client.get(f"/library/reviews/{review.pk}/").content.decode()
    (delivery,) = [s for s in review.suggestions.filter(kind="new_objection")
                   if "доставка" in s.payload["lemmas"]]
    assert f'id="suggestion-{delivery.pk}"' in html
    # Counted over their one call, quoted from it only.
    assert f"/calls/{mine.pk}/#t=" in html
    assert all(f"/calls/{call.pk}/" not in html for call in others)
    section = html[html.index(f'id="suggestion-{delivery.pk}"'):]
    assert 'data-count="call_count">1\u00a0звонке' in section[:2000]
    # Its calls page lists that call alone; the block reply quoted from another team is hidden.
    calls_page = client.get(f"/library/reviews/suggestions/{delivery.pk}/calls/calls/")
    page = calls_page.content.decode()
    assert f'data-call-id="{mine.pk}"' in page
    assert all(f'data-call-id="{call.pk}"' not in page for call in others)
    assert "гарантия" not in html
    # A trainer still sees all three.
    trainer = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    full = trainer.get(f"/library/reviews/suggestions/{delivery.pk}/calls/calls/")
    assert all(f'data-call-id="{call.pk}"' in full.content.decode()
               for call in month.delivery_calls)


def test_weak_block_counts_follow_the_reader(review: LibraryReview, month: Month) -> None:
    weak = review.suggestions.get(kind="weak_block")
    lost = [call for call, _t in weak.payload["evidence"]["calls"]][:3]
    client = client_for(_manager_of(*Call.objects.filter(pk__in=lost), name="weakboss"))  # type: ignore[arg-type]
    html = client.get(f"/library/reviews/{review.pk}/").content.decode()
    section = html[html.index(f'id="suggestion-{weak.pk}"'):][:3000]
    assert 'data-count="calls_with">3<' in section
    assert 'data-count="siblings_calls">0<' in section


def test_a_new_objection_is_shown_only_to_who_hears_its_words(review: LibraryReview,
                                                               month: Month) -> None:
    (delivery,) = [s for s in review.suggestions.filter(kind="new_objection")
                   if "доставка" in s.payload["lemmas"]]
    phrase_calls = {call for call, _t in delivery.payload["evidence"]["phrase"]}
    variant_only = [c for c in month.delivery_calls if c.pk not in phrase_calls]
    said = [c for c in month.delivery_calls if c.pk in phrase_calls]
    assert said
    client = client_for(_manager_of(*said[:1], name="hears"))  # type: ignore[arg-type]
    assert f'id="suggestion-{delivery.pk}"' in client.get(
        f"/library/reviews/{review.pk}/").content.decode()
    if variant_only:
        other = client_for(_manager_of(*variant_only, name="variant"))  # type: ignore[arg-type]
        assert f'id="suggestion-{delivery.pk}"' not in other.get(
            f"/library/reviews/{review.pk}/").content.decode()


def test_a_review_mined_before_evidence_was_kept_still_follows_visibility(
        review: LibraryReview, month: Month) -> None:
    # As mined before: examples only, no "evidence".
    (delivery,) = [s for s in review.suggestions.filter(kind="new_objection")
                   if "доставка" in s.payload["lemmas"]]
    delivery.payload = {k: v for k, v in delivery.payload.items() if k != "evidence"}
    delivery.save()
    trainer = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    html = trainer.get(f"/library/reviews/{review.pk}/").content.decode()
    section = html[html.index(f'id="suggestion-{delivery.pk}"'):][:2000]
    assert 'data-count="call_count">3' in section  # the stored count, its examples listed
    empty = client_for(_manager_of(name="legacy"))  # type: ignore[arg-type]
    assert f'id="suggestion-{delivery.pk}"' not in empty.get(
        f"/library/reviews/{review.pk}/").content.decode()
    mine = client_for(_manager_of(month.delivery_calls[0], name="legacy2"))  # type: ignore[arg-type]
    page = mine.get(f"/library/reviews/{review.pk}/").content.decode()
    assert f'id="suggestion-{delivery.pk}"' in page
    assert all(f"/calls/{c.pk}/" not in page for c in month.delivery_calls[1:])


def test_quoted_calls_are_named_by_their_title(review: LibraryReview, month: Month) -> None:
    call = month.unmatched_price_call
    Call.objects.filter(pk=call.pk).update(external_id="sha256:" + "cd" * 16,
                                           original_name="цена кусается.wav")
    client = client_for(UserFactory(username="trainer", role=Role.TRAINER))

    html = client.get(f"/library/reviews/{review.pk}/").content.decode()
    quoting = next(s for s in review.suggestions.all()
                   if any(name == "calls" and call.pk in {c for c, _t in rows}
                          for name, rows in evidence_sets(s).items()))
    calls_page = client.get(
        f"/library/reviews/suggestions/{quoting.pk}/calls/calls/").content.decode()

    assert "звонок <span class=\"call-title\" data-call-title>цена кусается.wav</span>" in html
    assert "цена кусается.wav" in calls_page
    assert "sha256:" not in html + calls_page
