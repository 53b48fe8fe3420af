"""Tags on the call pages: evidence in the transcript, filters on the list, and privacy."""

from __future__ import annotations

import pytest
from django.test import Client

from calls.taxonomy.tagging import calls_autotag
from tests.factories import CallFactory, KeyPhraseFactory, SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(operator, other_operator):  # type: ignore[no-untyped-def]
    phrase = KeyPhraseFactory(text="ждал на линии", speaker="customer",
                              tag__code="long_wait", tag__name="Долгое ожидание")
    mine = CallFactory(operator=operator)
    SegmentFactory(call=mine, index=0, speaker="operator", start=0, end=2, text="Слушаю вас")
    SegmentFactory(call=mine, index=1, speaker="customer", start=3, end=8,
                   text="Я ждала на линии полчаса!")
    untagged = CallFactory(operator=operator)
    SegmentFactory(call=untagged, index=0, speaker="customer", text="Всё хорошо, спасибо")
    foreign = CallFactory(operator=other_operator)
    SegmentFactory(call=foreign, index=0, speaker="customer", text="ждали на линии весь день")
    calls_autotag(call_ids=[mine.pk, untagged.pk, foreign.pk])
    return phrase, mine, untagged, foreign


def test_call_detail_shows_tag_with_evidence_that_plays(operator, tagged) -> None:  # type: ignore[no-untyped-def]
    _phrase, mine, _untagged, _foreign = tagged
    client = Client()
    client.force_login(operator.user)
    html = client.get(f"/calls/{mine.pk}/").content.decode()
    assert "Долгое ожидание" in html
    assert '<mark class="tag-evidence">ждала на линии</mark>' in html
    # The chip seeks the player to the matched words, inside the segment 3..8 s.
    assert 'class="evidence-chip"' in html and 'data-segment="1"' in html


def test_call_list_filters_by_tag_and_category(operator, tagged) -> None:  # type: ignore[no-untyped-def]
    phrase, mine, untagged, foreign = tagged
    client = Client()
    client.force_login(operator.user)
    by_tag = client.get("/calls/?tag=long_wait").content.decode()
    assert f"/calls/{mine.pk}/" in by_tag
    assert f"/calls/{untagged.pk}/" not in by_tag
    # Another operator's tagged call never shows, whatever the filter.
    assert f"/calls/{foreign.pk}/" not in by_tag
    by_category = client.get(f"/calls/?category={phrase.tag.category_id}").content.decode()
    assert f"/calls/{mine.pk}/" in by_category and f"/calls/{untagged.pk}/" not in by_category
    assert "Долгое ожидание" in client.get("/calls/").content.decode()


def test_api_filters_by_tag(admin_user, tagged) -> None:  # type: ignore[no-untyped-def]
    _phrase, mine, _untagged, foreign = tagged
    client = Client()
    client.force_login(admin_user)
    rows = client.get("/api/v1/calls/?tag=long_wait").json()["results"]
    assert sorted(row["id"] for row in rows) == sorted([mine.pk, foreign.pk])
