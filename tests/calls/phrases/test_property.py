"""The compiled matcher must agree with the brute-force reference on random inputs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls.phrases import PhraseRule, SegmentText, compile_rules, reference_match

# Small lexemes with inflections, ambiguous forms (стали, мою, три), ё, «не», numbers in digits
# and words and a hyphenated word, so that random rules and segments collide often.
LEXEMES: list[list[str]] = [
    ["ждал", "ждала", "ждали", "ждём", "жду", "ждать"],
    ["линия", "линии", "линию", "линией"],
    ["на"],
    ["не"],
    ["заказ", "заказа", "заказы", "заказом"],
    ["промокод", "промокода", "промокоды", "промокодом"],
    ["стали", "сталь", "стать", "стал"],
    ["мою", "мой", "мыть", "моя"],
    ["три", "тереть", "трёх"],
    ["ещё", "еще"],
    ["деньги", "денег", "деньгами"],
    ["вернуть", "верните", "вернули"],
    ["40", "5"],
    # Numbers said and written, so that numbers of several tokens («девяносто пять», «2 000»,
    # «двадцать пятого») form at random and must be one token in both matchers.
    ["девяносто", "девяноста", "90", "пять", "пяти", "пятого", "двадцать", "25-го"],
    ["две", "двух", "тысячи", "тысяч", "000", "полторы", "2000"],
    ["из-за"],
    ["очень", "долго"],
]
PUNCTUATION = ["", "", "", ",", "!", " —", "..."]


def vocabularies() -> st.SearchStrategy[list[str]]:
    # A few lexemes per example: rules and segments drawn from the same handful of words
    # collide often enough for most examples to contain matches.
    return st.lists(st.sampled_from(LEXEMES), min_size=1, max_size=4).map(
        lambda lexemes: [form for lexeme in lexemes for form in lexeme]
    )


@st.composite
def phrase_words(draw: st.DrawFn, vocabulary: list[str]) -> str:
    form = draw(st.sampled_from(vocabulary))
    style = draw(st.sampled_from(["plain", "plain", "plain", "quoted", "guillemets", "prefix"]))
    if style == "quoted":
        return f'"{form}"'
    if style == "guillemets":
        return f"«{form}»"
    if style == "prefix" and len(form) >= 2:
        # A prefix ending in a hyphen is a syntax error (tested elsewhere).
        return form[: draw(st.integers(2, len(form)))].rstrip("-") + "*"
    return form


@st.composite
def rules(draw: st.DrawFn, vocabulary: list[str]) -> list[PhraseRule]:
    count = draw(st.integers(1, 5))
    made = []
    for key in range(count):
        words = draw(st.lists(phrase_words(vocabulary), min_size=1, max_size=4))
        window = draw(
            st.one_of(
                st.none(),
                st.tuples(st.sampled_from(["first", "last"]), st.sampled_from([5.0, 10.0, 20.0])),
            )
        )
        made.append(
            PhraseRule(
                key=key,
                text=" ".join(words),
                speaker=draw(st.sampled_from(["customer", "operator", "any"])),
                max_gap=draw(st.integers(0, 3)),
                window=window,
            )
        )
    return made


@st.composite
def segment_text(draw: st.DrawFn, vocabulary: list[str]) -> str:
    words = draw(st.lists(st.sampled_from(vocabulary + ["не", "вот"]), max_size=10))
    pieces = []
    for word in words:
        if draw(st.booleans()):
            word = word.capitalize()
        if draw(st.integers(0, 4)) == 0:
            word = word.replace("е", "ё", 1)
        pieces.append(word + draw(st.sampled_from(PUNCTUATION)))
    return " ".join(pieces)


@st.composite
def segments(draw: st.DrawFn, vocabulary: list[str]) -> list[SegmentText]:
    made = []
    clock = 0.0
    for _ in range(draw(st.integers(0, 4))):
        start = clock + draw(st.sampled_from([0.0, 1.5, 4.0]))
        end = start + draw(st.sampled_from([1.0, 3.0, 7.0]))
        clock = end
        speaker = draw(st.sampled_from(["customer", "operator", "unknown"]))
        made.append(SegmentText(speaker, start, end, draw(segment_text(vocabulary))))  # type: ignore[arg-type]
    return made


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    vocabularies().flatmap(lambda vocabulary: st.tuples(rules(vocabulary), segments(vocabulary))),
    st.one_of(st.none(), st.sampled_from([10.0, 25.0, 60.0])),
)
def test_compiled_matcher_agrees_with_reference(
    case: tuple[list[PhraseRule], list[SegmentText]], duration: float | None
) -> None:
    rule_list, segment_list = case
    matcher = compile_rules(rule_list)
    expected = reference_match(rule_list, segment_list, duration)
    assert matcher.match(segment_list, duration) == expected
    # Second pass exercises the warmed-up token tables.
    assert matcher.match(segment_list, duration) == expected


@settings(max_examples=60, deadline=None)
@given(vocabularies().flatmap(segments))
def test_phrase_taken_from_the_text_is_found(segment_list: list[SegmentText]) -> None:
    texts = [s.text for s in segment_list if s.text.strip(" ,!—.")]
    if not texts:
        return
    rule = PhraseRule(key="self", text=texts[0].replace("не", "").strip(" ,!—.") or "вот")
    try:
        matcher = compile_rules([rule])
    except ValueError:
        return
    assert matcher.match(segment_list) == reference_match([rule], segment_list)
