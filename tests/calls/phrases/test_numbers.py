import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calls.phrases import PhraseRule, SegmentText, compile_rules, reference_match, tokenize
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


# --- any number from 0 to 999 999, said and written, matches itself and no other ------------

_UNITS = "ноль один два три четыре пять шесть семь восемь девять".split()
_TEENS = ("десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
          "семнадцать восемнадцать девятнадцать").split()
_TENS = "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_HUNDREDS = "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()


def _below_thousand(n: int, feminine: bool = False) -> list[str]:
    words = []
    if n >= 100:
        words.append(_HUNDREDS[n // 100])
    rest = n % 100
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        if rest >= 20:
            words.append(_TENS[rest // 10])
        if rest % 10:
            unit = _UNITS[rest % 10]
            if feminine:
                unit = {"один": "одна", "два": "две"}.get(unit, unit)
            words.append(unit)
    return words


def said(n: int) -> str:
    """A cardinal as people say it in the nominative («две тысячи двадцать пять»)."""
    if n == 0:
        return "ноль"
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        last = thousands % 100
        form = ("тысяч" if 11 <= last <= 19 or thousands % 10 in (0, 5, 6, 7, 8, 9)
                else "тысяча" if thousands % 10 == 1 else "тысячи")
        words += _below_thousand(thousands, feminine=True) + [form]
    return " ".join(words + _below_thousand(rest))


def written(n: int) -> str:
    """As Whisper writes it: «2000», or in groups of three from 10 000 («12 500»)."""
    return f"{n:,}".replace(",", " ") if n >= 10_000 else str(n)


_NUMBERS = st.integers(0, 999_999)


@given(_NUMBERS, st.sampled_from(["said", "written"]), st.sampled_from(["said", "written"]))
@settings(max_examples=300, deadline=None)
def test_a_number_said_or_written_matches_itself(n: int, phrase_form: str, text_form: str) -> None:
    form = {"said": said, "written": written}
    rule = PhraseRule(key="n", text=f"внести {form[phrase_form](n)} рублей", max_gap=0)
    segment = SegmentText("customer", 0.0, 5.0, f"Как внести {form[text_form](n)} рублей?")
    found = compile_rules([rule]).match([segment])
    assert found == reference_match([rule], [segment])
    assert len(found) == 1
    assert segment.text[found[0].char_start:found[0].char_end] == (
        f"внести {form[text_form](n)} рублей")


@given(_NUMBERS, _NUMBERS, st.sampled_from([said, written]), st.sampled_from([said, written]))
@settings(max_examples=300, deadline=None)
def test_a_number_never_matches_another(n: int, m: int, phrase_form, text_form) -> None:  # type: ignore[no-untyped-def]
    rule = PhraseRule(key="n", text=f"внести {phrase_form(n)} рублей", max_gap=3)
    segment = SegmentText("customer", 0.0, 5.0, f"внести {text_form(m)} рублей")
    found = compile_rules([rule]).match([segment])
    assert found == reference_match([rule], [segment])
    assert bool(found) == (n == m)
