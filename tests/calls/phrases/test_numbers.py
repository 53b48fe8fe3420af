import pytest

from calls.phrases.numbers import NumberGroup, fold, is_number_word, read_numbers


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
