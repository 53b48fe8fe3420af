import pytest

from project.russian import format_count, parse_forms, plural, plural_form

CALLS = "звонок,звонка,звонков"


@pytest.mark.parametrize(
    ("count", "word"),
    [
        (0, "звонков"),
        (1, "звонок"),
        (2, "звонка"),
        (5, "звонков"),
        (11, "звонков"),
        (12, "звонков"),
        (14, "звонков"),
        (21, "звонок"),
        (22, "звонка"),
        (25, "звонков"),
        (111, "звонков"),
        (1001, "звонок"),
        (-3, "звонка"),
    ],
)
def test_plural_form_follows_the_last_two_digits(count: int, word: str) -> None:
    assert plural_form(count, CALLS) == word


def test_plural_writes_the_count_grouped_the_russian_way() -> None:
    assert plural(3, CALLS) == "3\u00a0звонка"
    assert plural(1001, CALLS) == "1\u00a0001\u00a0звонок"
    assert format_count(12345) == "12\u00a0345"


def test_a_fraction_takes_the_form_for_two() -> None:
    assert plural_form(1.5, "минута,минуты,минут") == "минуты"
    assert plural_form(2.0, "минута,минуты,минут") == "минуты"
    assert plural_form(5.0, "минута,минуты,минут") == "минут"


def test_three_forms_are_required() -> None:
    with pytest.raises(ValueError, match="Three plural forms"):
        parse_forms("звонок,звонков")
