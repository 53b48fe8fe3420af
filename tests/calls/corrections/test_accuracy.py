"""calls/corrections/accuracy.py: the recognizer's word errors against corrected segments."""

from __future__ import annotations

import jiwer
import pytest

from calls.corrections.accuracy import recognizer_errors, word_errors
from calls.corrections.services import segment_correct
from tests.factories import CallFactory, LineFactory, SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("reference", "hypothesis"), [
    ("назовите промокод пожалуйста", "назовите промокот пожалуйста"),
    ("курьер опоздал на час", "куриер опоздал"),
    ("да", "да да да"),
    ("один два три", "два три четыре"),
])
def test_word_errors_agree_with_jiwer(reference: str, hypothesis: str) -> None:
    output = jiwer.process_words(reference, hypothesis)
    expected = output.substitutions + output.deletions + output.insertions
    assert word_errors(reference.split(), hypothesis.split()) == expected


def test_nothing_recognized_is_every_word_missed() -> None:
    assert word_errors(["один", "два"], []) == 2


def test_the_line_errors_count_only_its_corrected_segments() -> None:
    line = LineFactory(code="sales")
    call = CallFactory(line=line)
    segment = SegmentFactory(call=call, index=0, text="Куриер опоздал")
    segment_correct(segment=segment, text="Курьер опоздал на час", user=None)
    SegmentFactory(call=call, index=1, text="Не исправлено")
    other = SegmentFactory(call=CallFactory(line=LineFactory(code="other")), text="Куриер")
    segment_correct(segment=other, text="Курьер", user=None)

    result = recognizer_errors(line=line)

    assert (result.word_errors, result.reference_words, result.segments, result.call_ids) == (
        3, 4, 1, (call.pk,))
    assert result.wer == 0.75
    assert recognizer_errors(line=LineFactory(code="empty")).wer is None
