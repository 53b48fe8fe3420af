from __future__ import annotations

import pytest

from calls.phrases import (
    PhraseMatch,
    PhraseRule,
    PhraseSyntaxError,
    SegmentText,
    WordTiming,
    compile_rules,
    reference_match,
)
from calls.phrases.rules import Window


def seg(text: str, speaker: str = "customer", start: float = 0.0, end: float = 10.0) -> SegmentText:
    return SegmentText(speaker=speaker, start=start, end=end, text=text)  # type: ignore[arg-type]


def run(
    text: str,
    segments: list[SegmentText],
    *,
    speaker: str = "any",
    max_gap: int = 1,
    window: Window | None = None,
    duration: float | None = None,
) -> list[PhraseMatch]:
    rule = PhraseRule(key="k", text=text, speaker=speaker, max_gap=max_gap, window=window)  # type: ignore[arg-type]
    matches = compile_rules([rule]).match(segments, duration)
    assert matches == reference_match([rule], segments, duration)
    return matches


def hit(text: str, segment_text: str, **options: object) -> bool:
    return bool(run(text, [seg(segment_text)], **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "said",
    [
        "Я ждала на линии полчаса",
        "ждём на линии уже полчаса",
        "Мы ждали на линии",
        "ждал на линии",
        "я жду на линии",
        "ожидание? ждала, на линии!",
    ],
)
def test_word_forms_match(said: str) -> None:
    assert hit("ждал на линии", said)


def test_different_words_do_not_match() -> None:
    assert not hit("ждал на линии", "звонил на линию")
    assert not hit("ждал на линии", "ждал в очереди")


def test_order_matters() -> None:
    assert not hit("ждал на линии", "на линии ждал")


def test_negation_before_first_word_blocks() -> None:
    assert not hit("ждать долго", "не ждал долго, спасибо")
    assert not hit("ждал на линии", "Я не ждала на линии")
    assert hit("ждать долго", "ждал долго, спасибо")


def test_negation_inside_the_span_blocks() -> None:
    assert not hit("ждал на линии", "ждал не на линии")
    assert not hit("ждал на линии", "ждал не линии", max_gap=1)


def test_negation_further_before_does_not_block() -> None:
    assert hit("ждал на линии", "не знаю, ждал на линии минут десять")


def test_phrase_with_its_own_negation_matches() -> None:
    assert hit("не работает приложение", "у меня не работает приложение")
    assert hit("приложение не работает", "приложение ваше не работает совсем")
    assert hit("не дозвониться", "никак не дозвонишься")
    assert not hit("не работает приложение", "работает приложение")


def test_negation_does_not_cross_segments() -> None:
    segments = [seg("Нет, не"), seg("ждал на линии долго")]
    assert [m.segment_index for m in run("ждал на линии", segments)] == [1]


@pytest.mark.parametrize(
    ("said", "gap", "expected"),
    [
        ("ждал на линии", 0, True),
        ("ждал там на линии", 0, False),
        ("ждал там на линии", 1, True),
        ("ждал там долго на линии", 1, False),
        ("ждал там долго на линии", 2, True),
        ("ждал там, долго, на этой линии", 2, True),
        ("ждал там очень долго на линии", 2, False),
    ],
)
def test_gaps(said: str, gap: int, expected: bool) -> None:
    assert hit("ждал на линии", said, max_gap=gap) is expected


def test_punctuation_is_not_a_gap() -> None:
    assert hit("ждал на линии", "ждал... на — линии", max_gap=0)


def test_speaker_restriction() -> None:
    segments = [
        seg("ждал на линии", speaker="operator"),
        seg("ждал на линии", speaker="customer"),
        seg("ждал на линии", speaker="unknown"),
    ]
    assert [m.segment_index for m in run("ждал на линии", segments, speaker="customer")] == [1]
    assert [m.segment_index for m in run("ждал на линии", segments, speaker="operator")] == [0]
    assert [m.segment_index for m in run("ждал на линии", segments, speaker="any")] == [0, 1, 2]


def test_first_seconds_window() -> None:
    segments = [
        seg("спасибо за звонок", start=0.0, end=4.0),
        seg("спасибо за звонок", start=29.0, end=33.0),
        seg("спасибо за звонок", start=30.0, end=34.0),
        seg("спасибо за звонок", start=80.0, end=84.0),
    ]
    found = run("спасибо за звонок", segments, window=("first", 30.0), duration=100.0)
    # The segment must *start* strictly before N seconds.
    assert [m.segment_index for m in found] == [0, 1]


def test_last_seconds_window() -> None:
    segments = [
        seg("до свидания", start=0.0, end=4.0),
        seg("до свидания", start=30.0, end=40.0),
        seg("до свидания", start=35.0, end=41.0),
        seg("до свидания", start=95.0, end=100.0),
    ]
    found = run("до свидания", segments, window=("last", 60.0), duration=100.0)
    # The segment must *end* strictly after duration - N seconds.
    assert [m.segment_index for m in found] == [2, 3]


def test_last_window_defaults_to_end_of_last_segment() -> None:
    segments = [seg("до свидания", start=0.0, end=4.0), seg("до свидания", start=50.0, end=60.0)]
    assert [m.segment_index for m in run("до свидания", segments, window=("last", 5.0))] == [1]


def test_quotes_require_the_exact_form() -> None:
    assert hit('"ждал" на линии', "ждал на линии")
    assert not hit('"ждал" на линии', "ждала на линии")
    assert hit("«ждала» на линии", "Ждала на линиях")
    assert not hit("«ждал на» линии", "ждала на линии")
    assert hit("«ждал на» линии", "ждал на линиях")


def test_prefix() -> None:
    for said in ("промокод", "промокоды не проходят", "с промокодом", "Промокоду"):
        assert hit("промокод*", said)
    assert not hit("промокод*", "промо код")
    assert hit("не прошел промокод*", "не прошёл промокодик")


def test_yo_is_folded_on_both_sides() -> None:
    assert hit("ещё раз", "еще раз повторите")
    assert hit("еще раз", "ЕЩЁ РАЗ повторите")
    assert hit('"ждём"', "ждем")
    assert hit("ждём", "ждем")


def test_matches_do_not_cross_segment_boundaries() -> None:
    segments = [seg("я ждал"), seg("на линии")]
    assert run("ждал на линии", segments, max_gap=3) == []


def test_char_and_time_spans() -> None:
    text = "Я ждала на линии полчаса"
    (match,) = run("ждал на линии", [seg(text, start=10.0, end=12.4)])
    assert (match.token_start, match.token_end) == (1, 3)
    assert text[match.char_start : match.char_end] == "ждала на линии"
    assert match.start == pytest.approx(10.0 + 2.4 * 2 / 24)
    assert match.end == pytest.approx(10.0 + 2.4 * 16 / 24)


def test_char_spans_survive_combining_marks() -> None:
    text = "Я жда\u0301ла на линии"
    (match,) = run("ждал на линии", [seg(text)])
    assert text[match.char_start : match.char_end] == "жда\u0301ла на линии"
    decomposed = "мои\u0306 заказ"
    (match,) = run("мой заказ", [seg(decomposed)])
    assert decomposed[match.char_start : match.char_end] == decomposed


def test_time_from_word_timings() -> None:
    words = (
        WordTiming(" Я", 1.0, 1.2),
        WordTiming(" ждала", 1.3, 1.9),
        WordTiming(" на", 2.0, 2.1),
        WordTiming(" линии", 2.1, 2.6),
        WordTiming(" полчаса", 2.7, 3.2),
    )
    segment = SegmentText("customer", 1.0, 3.2, "Я ждала на линии полчаса", words)
    (match,) = run("ждал на линии", [segment])
    assert (match.start, match.end) == (1.3, 2.6)


def test_word_timings_that_do_not_align_fall_back_to_interpolation() -> None:
    words = (WordTiming("совсем", 0.0, 1.0), WordTiming("другое", 1.0, 2.0))
    segment = SegmentText("customer", 0.0, 2.0, "ждал на линии", words)
    (match,) = run("ждал на линии", [segment])
    assert (match.start, match.end) == (0.0, 2.0)


def test_matches_of_one_rule_do_not_overlap_and_all_are_reported() -> None:
    found = run("ждал на линии", [seg("ждал на линии, ждал на линии и ждал на линии")])
    assert [(m.token_start, m.token_end) for m in found] == [(0, 2), (3, 5), (7, 9)]


def test_several_rules_and_keys_order() -> None:
    rules = [
        PhraseRule(key=("tag", 2), text="верните деньги", speaker="customer"),
        PhraseRule(key=("tag", 1), text="ждал на линии", speaker="customer"),
        PhraseRule(key=("skill", 9), text="спасибо за ожидание", speaker="operator"),
    ]
    segments = [
        seg("Спасибо за ожидание!", speaker="operator", start=0, end=2),
        seg("Я ждал на линии час, верните деньги", start=2, end=6),
    ]
    matcher = compile_rules(rules)
    found = matcher.match(segments, 60.0)
    assert [(m.key, m.segment_index) for m in found] == [
        (("skill", 9), 0),
        (("tag", 1), 1),
        (("tag", 2), 1),
    ]
    assert matcher.match(segments, 60.0) == found  # caches do not change results


def test_numbers_are_tokens() -> None:
    assert hit("ждал 40 минут", "я ждал 40 минут на линии")
    assert hit("24 часа", "в течение 24 часов")
    assert not hit("ждал минут", "я ждал 40 минут", max_gap=0)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "...", '"ждал', "ждал»", "«»", "*код", "про*мо", "п*", '«ждал "на" линии»'],
)
def test_malformed_phrases_raise(text: str) -> None:
    with pytest.raises(PhraseSyntaxError):
        compile_rules([PhraseRule(key=1, text=text)])


@pytest.mark.parametrize(
    "options",
    [
        {"speaker": "client"},
        {"max_gap": -1},
        {"max_gap": 11},
        {"window": ("middle", 10.0)},
        {"window": ("first", 0)},
        {"window": ("last", -5.0)},
    ],
)
def test_bad_rule_options_raise(options: dict[str, object]) -> None:
    with pytest.raises(PhraseSyntaxError, match="rule 'bad'"):
        compile_rules(
            [PhraseRule(key="ok", text="да"), PhraseRule(key="bad", text="да", **options)]
        )  # type: ignore[arg-type]


def test_error_message_is_bilingual() -> None:
    with pytest.raises(PhraseSyntaxError, match="Пустая фраза / empty phrase"):
        compile_rules([PhraseRule(key=1, text=" ")])


def test_empty_inputs() -> None:
    matcher = compile_rules([PhraseRule(key=1, text="ждал")])
    assert matcher.match([]) == []
    assert matcher.match([seg(""), seg("?!")]) == []
    assert compile_rules([]).match([seg("ждал")]) == []


# --- numbers, however they are said or written (calls/phrases/numbers.py) ------------------


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("внести девяносто рублей", "Как мне внести 90 рублей?"),
        ("внести 90 рублей", "как мне внести девяносто рублей"),
        ("2000 рублей", "списали две тысячи рублей"),
        ("2000 рублей", "списали 2 000 рублей"),
        ("две тысячи рублей", "списали 2000 рублей"),
        ("две тысячи рублей", "списали 2 000 рублей"),
        ("2 000 рублей", "списали двух тысяч рублей"),
        ("1500 рублей", "вернули полторы тысячи рублей"),
        ("полторы тысячи", "вернули 1500"),
        ("полторы тысячи", "вернули 1,5 тысячи"),
        ("девяносто пять рублей", "внести 95 рублей"),
        ("95 рублей", "не хватает девяноста пяти рублей"),
        ("в двух заказах", "ошибка в 2 заказах"),
        ("в 2 заказах", "ошибка в двух заказах"),
        ("в 2 заказах", "ошибка в 2-х заказах"),
        # ordinals: any form, digits with their ending or words
        ("3-й раз звоню", "третий раз звоню"),
        ("3-й раз звоню", "уже в третий раз звоню"),
        ("третий раз звоню", "3-й раз звоню"),
        # bare digits are how dates, years and Whisper write ordinals too
        ("3-й раз звоню", "3 раз звоню"),
        ("третьего числа", "до 3 числа"),
        ("третьего числа", "до 3-го числа"),
        ("двадцать пятого числа", "до 25-го числа"),
        ("25-го числа", "до двадцать пятого числа"),
        ("в 2024 году", "в две тысячи двадцать четвертом году"),
    ],
)
def test_digits_and_words_are_one_number(phrase: str, said: str) -> None:
    assert hit(phrase, said), (phrase, said)


def test_reordered_ordinal_needs_its_order() -> None:
    assert not hit("третий раз звоню", "звоню третий раз", max_gap=0)


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        # «девяносто пять» is 95, never 90 with «пять» skipped as a gap
        ("внести девяносто рублей", "внести девяносто пять рублей"),
        ("внести девяносто рублей", "внести 95 рублей"),
        ("внести 90 рублей", "внести девяносто пять рублей"),
        ("девяносто", "внести девяносто пять рублей"),
        ("две тысячи", "две тысячи пятьсот"),
        ("2000", "списали 2 500"),
        ("пять", "внести девяносто пять рублей"),
        # a cardinal word is not an ordinal one, nor digits with an ordinal ending
        ("три раза", "третий раз"),
        ("третий", "три"),
        ("три", "3-й"),
        ("3-й", "три"),
    ],
)
def test_a_number_is_not_a_part_of_a_bigger_one(phrase: str, said: str) -> None:
    assert not hit(phrase, said), (phrase, said)


def test_a_number_of_several_words_is_one_word_for_the_gap() -> None:
    assert hit("внести рублей", "внести девяносто пять рублей", max_gap=1)
    assert not hit("внести рублей", "внести девяносто пять рублей", max_gap=0)


def test_quotes_do_not_make_a_number_exact() -> None:
    assert hit("«девяносто» рублей", "90 рублей")
    assert hit('"пятого" числа', "пятом числе")


def test_a_number_highlights_all_its_words() -> None:
    text = "Списали две тысячи рублей, потом ещё 2 000 руб."
    found = run("2000", [seg(text)])
    assert [text[m.char_start:m.char_end] for m in found] == ["две тысячи", "2 000"]
    said = "внести девяносто пять рублей"
    match = run("внести 95 рублей", [seg(said)])[0]
    assert said[match.char_start:match.char_end] == said
    assert (match.token_start, match.token_end) == (0, 2)


def test_number_time_comes_from_all_its_words() -> None:
    words = (WordTiming("Внести", 1.0, 1.4), WordTiming("девяносто", 1.5, 2.0),
             WordTiming("пять", 2.1, 2.4), WordTiming("рублей", 2.5, 3.0))
    segment = SegmentText("customer", 1.0, 3.0, "Внести девяносто пять рублей", words)
    match = run("95", [segment])[0]
    assert (match.start, match.end) == (1.5, 2.4)
