"""calls/taxonomy/learning/keyphrases.py: phrases to add to a tag, from its annotated calls."""

from __future__ import annotations

import pytest

from calls.taxonomy.annotation.reference import reference_labels
from calls.taxonomy.learning.keyphrases import keyphrase_suggestions
from tests.calls.taxonomy.learning.conftest import LabelledWorld, annotate
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


def test_suggestions_separate_the_tags_calls_and_add_recall(labelled_world: LabelledWorld) -> None:
    world = labelled_world
    tag = world.tags["delivery_delay"]
    # Two more annotated calls say «доставка задерживается», one call without the tag too.
    for text, tags in (
        ("Опять доставка задерживается на неделю", [tag]),
        ("Доставка задерживается, курьера нет", [tag]),
        ("Доставка бесплатная или нет?", []),
    ):
        call = call_with_segments(("operator", "Слушаю вас"), ("customer", text))
        annotate(world.campaign, call, world.annotator, tags)
    reference = reference_labels()
    found = keyphrase_suggestions(tag=tag, reference=reference, limit=5)
    assert found, "some phrase separates the delayed deliveries"
    by_text = {suggestion.text: suggestion for suggestion in found}
    assert "доставка задерживаться" in by_text
    suggestion = by_text["доставка задерживаться"]
    positives = {call_id for call_id, ref in reference.items() if tag.pk in ref.tags}
    assert suggestion.call_ids <= positives
    assert suggestion.precision == 1.0
    # The tag's phrase «курьер опоздал» finds one of its five annotated calls; this finds two more.
    assert suggestion.recall_gain == pytest.approx(2 / 5, abs=1e-4)
    assert suggestion.z > 0 and suggestion.log_odds > 0
    assert all(s.recall_gain > 0 for s in found)
    assert len(found) <= 5
