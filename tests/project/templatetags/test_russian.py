import pytest
from django.template import Context, Template


def render(source: str, **context: object) -> str:
    return Template("{% load russian %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 звонков"),
        (1, "1 звонок"),
        (2, "2 звонка"),
        (5, "5 звонков"),
        (11, "11 звонков"),
        (21, "21 звонок"),
        (22, "22 звонка"),
        (25, "25 звонков"),
        (111, "111 звонков"),
        (1001, "1 001 звонок"),
    ],
)
def test_plural_filter(count: int, text: str) -> None:
    rendered = render('{{ n|plural:"звонок,звонка,звонков" }}', n=count)
    assert rendered.replace("\u00a0", " ") == text


def test_plural_word_leaves_the_number_to_the_template() -> None:
    assert render('{{ n }} {{ n|plural_word:"клиент,клиента,клиентов" }}', n=24) == "24 клиента"


def test_not_a_number_is_shown_as_it_is() -> None:
    assert render('{{ n|plural:"звонок,звонка,звонков" }}', n="—") == "—"
    assert render('{{ n|plural_word:"звонок,звонка,звонков" }}', n=None) == ""


def test_count_groups_thousands() -> None:
    assert render("{{ n|count }}", n=24500) == "24\u00a0500"
