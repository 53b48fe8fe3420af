"""calls/phrases/tokens.py: a redaction placeholder is one token that no phrase word matches; a
number keeps its ending («3-й») and its groups of three («2 000»)."""

from __future__ import annotations

from calls.phrases import PhraseRule, SegmentText, compile_rules, reference_match, tokenize


def test_a_placeholder_is_one_token_with_its_brackets() -> None:
    tokens = tokenize("Карта [карта], почта [email].")
    assert [t.text for t in tokens] == ["карта", "[карта]", "почта", "[email]"]
    assert (tokens[1].start, tokens[1].end) == (6, 13)


def test_no_phrase_matches_a_placeholder_but_it_counts_in_the_gap() -> None:
    rules = [PhraseRule(key="card", text="карта"), PhraseRule(key="bracketed", text="[карта]"),
             PhraseRule(key="gap1", text="продиктую номер", max_gap=1),
             PhraseRule(key="gap0", text="продиктую номер", max_gap=0)]
    segments = [SegmentText("customer", 0, 5, "моя [карта], мой [телефон]"),
                SegmentText("customer", 5, 9, "продиктую [телефон] номер"),
                SegmentText("customer", 9, 12, "карта есть")]
    for found in (compile_rules(rules).match(segments), reference_match(rules, segments)):
        assert [(m.key, m.segment_index) for m in found] == [
            ("gap1", 1), ("card", 2), ("bracketed", 2),
        ]


def test_a_number_keeps_its_ending_and_its_groups_of_three() -> None:
    text = "В 3-й раз: 2 000 ₽, 1\u00a0500\u00a0000, 100, 200 и 2-3 дня"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "в", "3-й", "раз", "2 000", "1\u00a0500\u00a0000", "100", "200", "и", "2", "3", "дня",
    ]
    assert text[tokens[3].start:tokens[3].end] == "2 000"
