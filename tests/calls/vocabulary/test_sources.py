"""calls/vocabulary/sources.py and the taxonomy's source: suggestions come from each registered
source, the words of tags found on the line's calls."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from calls.vocabulary import sources
from calls.vocabulary.sources import (
    Suggestion,
    register_vocabulary_source,
    vocabulary_source,
    vocabulary_sources,
)
from calls.vocabulary.taxonomy import TAXONOMY_SOURCE, taxonomy_suggestions
from tests.factories import (
    CallTagFactory,
    KeyPhraseFactory,
    LineFactory,
    TagFactory,
    call_with_segments,
)


def test_the_apps_register_the_taxonomy_the_corrections_and_the_library() -> None:
    keys = [source.key for source in vocabulary_sources()]

    # The calls app's own sources come first: its AppConfig is ready before the library's.
    assert keys.index("taxonomy") < keys.index("corrections") < keys.index("library")


@pytest.mark.django_db
def test_corrections_suggest_the_words_people_typed_for_misheard_ones() -> None:
    from calls.corrections.services import segment_correct
    from calls.vocabulary.corrections import corrections_suggestions
    from tests.factories import CallFactory, SegmentFactory

    line = LineFactory(code="sales")
    calls = []
    for heard in ("Назовите промокот пожалуйста", "у вас есть промокот"):
        call = CallFactory(line=line)
        segment = SegmentFactory(call=call, index=0, text=heard)
        segment_correct(segment=segment, text=heard.replace("промокот", "промокод"), user=None)
        calls.append(call.pk)

    suggestions = corrections_suggestions(line)

    assert suggestions == [Suggestion("промокод", 2, tuple(calls))]
    assert corrections_suggestions(LineFactory(code="other")) == []


def test_registering_again_changes_nothing_but_another_source_under_a_key_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sources, "_sources", dict(sources._sources))

    def collect(line: object) -> list[Suggestion]:
        return [Suggestion("промокод", 1, (7,))]

    register_vocabulary_source(key="test", label="Тест", collect=collect)
    register_vocabulary_source(key="test", label="Тест", collect=collect)
    with pytest.raises(ImproperlyConfigured):
        register_vocabulary_source(key="test", label="Другой", collect=collect)
    source = vocabulary_source("test")
    assert source is not None and list(source.collect(None)) == [  # type: ignore[arg-type]
        Suggestion("промокод", 1, (7,))]


@pytest.mark.django_db
def test_taxonomy_suggests_the_words_of_tags_found_on_the_lines_calls() -> None:
    line = LineFactory(code="support", name="Поддержка")
    other = LineFactory(code="sales", name="Продажи")
    promo = TagFactory(name="Промокод не работает")
    KeyPhraseFactory(tag=promo, text="промокодом не получается")
    KeyPhraseFactory(tag=promo, text="скидка не применилась")
    price = TagFactory(name="Дорого")
    KeyPhraseFactory(tag=price, text="конкурент дешевле")
    first = call_with_segments(("customer", "Скидка не применилась, промокод недействителен"),
                               line=line)
    second = call_with_segments(("customer", "Скидку дали?"), line=line)
    CallTagFactory(call=first, tag=promo)
    # A tag found only on another line's calls suggests nothing here.
    CallTagFactory(call=call_with_segments(("customer", "конкурент"), line=other), tag=price)

    found = taxonomy_suggestions(line)

    assert found[0] == Suggestion("промокод", 1, (first.pk,))
    assert Suggestion("скидка", 2, (first.pk, second.pk)) in found
    assert "конкурент" not in [s.term for s in found]
    assert TAXONOMY_SOURCE == "taxonomy"
