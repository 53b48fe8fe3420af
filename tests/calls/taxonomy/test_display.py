"""calls/taxonomy/display.py: a call's tags with their evidence on the call page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from calls.taxonomy import tagging
from calls.taxonomy.display import call_tags_context
from calls.taxonomy.services import call_tag_add
from tests.factories import CallFactory, KeyPhraseFactory, SegmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_call_detail_shows_tag_with_evidence_that_plays(operator, tagged) -> None:  # type: ignore[no-untyped-def]
    _phrase, mine, _untagged, _foreign = tagged
    client = Client()
    client.force_login(operator.user)
    html = client.get(f"/calls/{mine.pk}/").content.decode()
    assert "Долгое ожидание" in html
    assert '<mark class="tag-evidence">ждала на линии</mark>' in html
    # The chip seeks the player to the matched words, inside the segment 3..8 s.
    assert 'class="evidence-chip"' in html and 'data-segment="1"' in html


def test_call_tags_partial_renders_chips_and_highlights() -> None:
    phrase = KeyPhraseFactory(text="верните деньги", tag__name="Возврат")
    call = CallFactory()
    SegmentFactory(call=call, index=0, speaker="operator", start=0, end=2, text="Слушаю")
    SegmentFactory(call=call, index=1, speaker="customer", start=2, end=6,
                   text="Верните деньги <сейчас>")
    tagging.calls_autotag(call_ids=[call.pk])
    call_tag_add(call=call, tag=phrase.tag, user=UserFactory(username="boss"))
    segments = list(call.segments.order_by("index"))

    context = call_tags_context(call, segments=segments)
    [view] = context["call_tags"]
    assert view.auto and view.manual and view.manual_by == "boss" and view.manual_at
    assert context["tag_highlights"] == {1: [{"start": 0, "end": 14, "tag": phrase.tag.code}]}
    html = render_to_string("taxonomy/_call_tags.html", {**context, "call": call})
    assert 'data-start="2.0"' in html and 'data-segment="1"' in html
    assert "«Верните деньги»" in html and "добавлен вручную: boss, " in html
    text = render_to_string("taxonomy/_segment_text.html", {"segment": segments[1]})
    assert text.strip() == '<mark class="tag-evidence">Верните деньги</mark> &lt;сейчас&gt;'
    assert render_to_string("taxonomy/_segment_text.html",
                            {"segment": segments[0]}).strip() == "Слушаю"
