"""redact_transcript on random transcripts: never fails, keeps text and words in agreement, keeps
segment count and timing order, and a second pass changes nothing."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls.redaction.transcript import PLACEHOLDERS, SegmentText, redact_transcript

# Pieces that collide often: number words, digits, context words, fillers, e-mail parts,
# placeholders and punctuation.
PIECES = [
    "восемь", "девятьсот", "шестнадцать", "сто", "двадцать", "три", "сорок", "пять", "ноль",
    "тысяча", "тысячи", "две", "нуля", "пятого", "8", "916", "123", "45", "67", "4276", "4158",
    "6834", "4978", "+7", "(916)", "123-45-67", "карта", "паспорт", "серия", "номер", "снилс",
    "инн", "счёт", "заказ", "телефон", "э", "так", "да", "собака", "точка", "ru", "ivan", "mail",
    "ivan@mail.ru", "рублей", "мая", ",", ".", "?", "—", *PLACEHOLDERS.values(),
]

segment_words = st.lists(st.sampled_from(PIECES), min_size=0, max_size=14)


@st.composite
def transcripts(draw) -> list[SegmentText]:
    segments = []
    clock = 0.0
    for words in draw(st.lists(segment_words, min_size=1, max_size=6)):
        speaker = draw(st.sampled_from(["client", "operator"]))
        gap = draw(st.sampled_from([0.1, 0.5, 2.0, 5.0]))
        start = clock + gap
        timed = [
            {"start": round(start + 0.3 * i, 2), "end": round(start + 0.3 * i + 0.25, 2),
             "word": f" {word}", "probability": 0.9}
            for i, word in enumerate(words)
        ]
        end = round(start + 0.3 * max(len(words), 1), 2)
        text = "".join(w["word"] for w in timed)
        with_words = draw(st.booleans()) and bool(timed)
        segments.append(SegmentText(speaker, round(start, 2), end, text,
                                    timed if with_words else None))
        clock = end
    return segments


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_redaction_keeps_the_transcript_consistent(segments):
    result = redact_transcript(segments)
    assert len(result.segments) == len(segments)
    changed = {span.segment for span in result.spans}
    for index, (before, after) in enumerate(zip(segments, result.segments, strict=True)):
        assert (after.speaker, after.start, after.end) == (before.speaker, before.start, before.end)
        if index not in changed:
            assert after is before
        if after.words is not None:
            assert "".join(w["word"] for w in after.words) == after.text
            starts = [w["start"] for w in after.words]
            assert starts == sorted(starts)
    for span in result.spans:
        segment = segments[span.segment]
        assert segment.start <= span.start <= span.end <= segment.end

    again = redact_transcript(result.segments)
    assert not again.changed
    assert again.segments == result.segments


def test_a_huge_segment_is_redacted_in_linear_time():
    text = " ".join(["восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
                     "и", "заказ 12345678", "и"] * 1500)
    started = time.perf_counter()
    result = redact_transcript([SegmentText("A", 0.0, 600.0, text)])
    assert len(result.spans) == 1500
    assert time.perf_counter() - started < 10  # ~0.5 s here; quadratic was minutes

    wall = " ".join(str(i % 10) for i in range(5000))  # one run of 5,000 single digits
    started = time.perf_counter()
    redact_transcript([SegmentText("A", 0.0, 600.0, wall)])
    assert time.perf_counter() - started < 10  # ~0.8 s here; quadratic was 30 s
