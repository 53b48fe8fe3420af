import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calls.phrases import tokenize
from calls.phrases.numbers import (
    NumberGroup,
    fold,
    is_number_word,
    number_readings,
    read_numbers,
    read_tokens,
)


def group_tokens(tokens: list[str]) -> list[NumberGroup]:
    return read_numbers(tokens, dictated=True)


def digits_of(spoken: str) -> list[str]:
    return [group.digits for group in group_tokens([fold(word) for word in spoken.split()])]


@pytest.mark.parametrize(
    ("spoken", "groups"),
    [
        ("восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
         ["8", "916", "123", "45", "67"]),
        ("четыре тысячи двести семьдесят шесть тысяча двести тридцать четыре",
         ["4276", "1234"]),
        ("девять тысяч двенадцать", ["9012"]),
        ("ноль ноль сорок пять", ["0", "0", "45"]),
        ("два нуля пять", ["00", "5"]),
        ("нуля", ["0"]),
        ("шестнадцать нуля", ["16", "0"]),
        ("двадцать два нуля", ["22", "0"]),
        ("один нуля", ["1", "0"]),
        ("один два три", ["1", "2", "3"]),
        ("сто двадцать три тысячи", ["123000"]),
        ("Две Тысячи", ["2000"]),
        ("тысяча девятьсот восемьдесят пять", ["1985"]),
        ("двадцать пять", ["25"]),
        ("сто сто", ["100", "100"]),
        ("десять пять", ["10", "5"]),
    ],
)
def test_number_words_become_the_groups_people_dictate(spoken, groups):
    assert digits_of(spoken) == groups


def test_a_thousand_that_does_not_agree_starts_the_next_number():
    # «…сорок пять, тысяча двести…» is dictation, not 45 200.
    assert digits_of("сорок пять тысяча двести") == ["45", "1200"]
    assert digits_of("сорок пять тысяч") == ["45000"]
    assert digits_of("две тысячи") == ["2000"]
    assert digits_of("две тысяч") == ["2", "1000"]


def test_digits_stand_for_themselves_and_scale_with_thousand():
    assert digits_of("8 916 сто двадцать три") == ["8", "916", "123"]
    assert digits_of("2 тысячи") == ["2000"]
    assert digits_of("0045") == ["0045"]


def test_groups_point_at_their_tokens():
    groups = group_tokens(["8", "девятьсот", "шестнадцать", "ноль"])
    assert [(g.first, g.last) for g in groups] == [(0, 0), (1, 2), (3, 3)]


def test_ordinals_and_oblique_cases_are_not_number_words():
    for word in ("пятого", "третий", "двадцатого", "пяти", "двумя", "первое"):
        assert not is_number_word(word)
    assert is_number_word("ноль")
    assert is_number_word(fold("Четыре"))


# --- numbers as the phrase engine reads them (any case, ordinals, digits in threes) ----------


def readings_of(text: str) -> list[tuple[str, frozenset[str]]]:
    return [(g.text, g.readings) for g in read_numbers([t.text for t in tokenize(text)])]


@pytest.mark.parametrize(
    ("said", "numbers"),
    [
        ("девяносто пять", ["95"]),
        ("девяноста пяти", ["95"]),
        ("две тысячи", ["2000"]),
        ("двух тысяч", ["2000"]),
        ("двумя тысячами", ["2000"]),
        ("2 000", ["2000"]),
        ("1 500 000", ["1500000"]),
        ("2 тысячи", ["2000"]),
        ("тысяча 200", ["1200"]),
        ("полторы тысячи", ["1500"]),
        ("полутора тысяч", ["1500"]),
        ("1,5 тысячи", ["1500"]),
        ("полтора", ["1,5"]),
        ("два миллиона триста тысяч", ["2300000"]),
        ("третий", ["3-й"]),
        ("двадцать пятого", ["25-й"]),
        ("две тысячи двадцать четвертом", ["2024-й"]),
        ("тысяча девятьсот девяностых", ["1990-й"]),
        ("сорок пять шестьдесят семь", ["45", "67"]),
        ("сорок пять тысяча двести", ["45", "1200"]),
        ("пять пятого", ["5", "5-й"]),
        ("три три", ["3", "3"]),
        ("0045", ["0045"]),
        ("100, 200", ["100", "200"]),
        ("2\u00a0000", ["2000"]),
    ],
)
def test_numbers_in_any_case_and_ordinals(said: str, numbers: list[str]) -> None:
    assert [text for text, _ in readings_of(said)] == numbers


def test_words_have_one_kind_bare_digits_both() -> None:
    assert readings_of("три") == [("3", frozenset({"3"}))]
    assert readings_of("третьего") == [("3-й", frozenset({"3-й"}))]
    assert readings_of("2 000") == [("2000", frozenset({"2000", "2000-й"}))]
    assert readings_of("две тысячи") == [("2000", frozenset({"2000"}))]
    assert readings_of("1,5") == [("1,5", frozenset({"1,5"}))]


@pytest.mark.parametrize(
    ("token", "readings"),
    [
        ("девяносто", {"90"}),
        ("пятом", {"5-й"}),
        ("3", {"3", "3-й"}),
        ("3-й", {"3-й"}),
        ("25-го", {"25-й"}),
        ("90-х", {"90", "90-й"}),
        ("5-ти", {"5"}),
        ("1,50", {"1,5"}),
        ("10:30", {"10:30"}),
        ("девяносто пять", {"95"}),
        ("2 000", {"2000", "2000-й"}),
    ],
)
def test_number_readings(token: str, readings: set[str]) -> None:
    assert number_readings(token) == frozenset(readings)


def test_words_that_are_no_number() -> None:
    for word in ("семью", "раз", "сотня", "90-летие", "пять пять"):
        assert number_readings(word) in (None, frozenset({word}))
    assert number_readings("семью") is None


def test_read_tokens_joins_a_number_and_spans_its_words() -> None:
    text = "Внести девяносто пять рублей, 2 000 — нет"
    tokens = read_tokens(text)
    assert [t.text for t in tokens] == ["внести", "девяносто пять", "рублей", "2 000", "нет"]
    assert [text[t.start:t.end] for t in tokens] == [
        "Внести", "девяносто пять", "рублей", "2 000", "нет",
    ]


_PIECES = list("0123456789٣²,:- ") + [
    "две", "тысячи", "пятого", "полторы", "ноль", "нуля", "миллион", "сто", "3-й", " ",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_reads_without_a_crash_and_tokens_keep_their_words(text: str) -> None:
    tokens = read_tokens(text)
    for token in tokens:
        assert fold(text[token.start:token.end]).replace(" ", "")  # a span of the text
    for dictated in (False, True):
        read_numbers([token.text for token in tokens], dictated=dictated)
