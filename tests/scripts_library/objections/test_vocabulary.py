"""scripts_library/objections/vocabulary.py: the library suggests the words of the objections
found on the line's calls, through the calls app's registry."""

from __future__ import annotations

import pytest

from calls.vocabulary.sources import Suggestion, vocabulary_source
from scripts_library.objections.vocabulary import LIBRARY_SOURCE, library_suggestions
from tests.factories import (
    LineFactory,
    ObjectionFactory,
    ObjectionHitFactory,
    ObjectionPhraseFactory,
    ResponseBlockFactory,
    call_with_segments,
)

pytestmark = pytest.mark.django_db


def test_the_library_suggests_its_objections_words_heard_on_the_line() -> None:
    line = LineFactory(code="sales", name="Продажи")
    other = LineFactory(code="support", name="Поддержка")
    price = ObjectionFactory(name="Дорого")
    ObjectionPhraseFactory(objection=price, text="подписка дорогая")
    ResponseBlockFactory(objection=price, text="Подписка плюс окупается с двух заказов")
    elsewhere = ObjectionFactory(name="Уйду к конкуренту")
    ObjectionPhraseFactory(objection=elsewhere, text="у конкурента дешевле")
    call = call_with_segments(("customer", "Подписка дорогая"), line=line)
    ObjectionHitFactory(call=call, objection=price, segment=call.segments.get())
    foreign = call_with_segments(("customer", "у конкурента дешевле"), line=other)
    ObjectionHitFactory(call=foreign, objection=elsewhere, segment=foreign.segments.get())

    found = library_suggestions(line)

    assert Suggestion("подписка", 1, (call.pk,)) in found
    # From the response block: the company's own offer, not yet heard on the line.
    assert Suggestion("заказ", 0, ()) in found
    assert "конкурент" not in [s.term for s in found]
    source = vocabulary_source(LIBRARY_SOURCE)
    assert source is not None and source.collect(line) == found
