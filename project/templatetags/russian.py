"""`{% load russian %}`: `{{ n|plural:"звонок,звонка,звонков" }}` → «3 звонка»;
`{{ n|plural_word:"звонок,звонка,звонков" }}` → «звонка» (when the number is a link of its own).

The rule itself is project/russian.py. A value that is not a number is shown as it is, so a
template never fails on an empty cell.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from project.russian import format_count, plural_form
from project.russian import plural as plural_text

register = template.Library()


def _number(value: Any) -> int | float | Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return value
    try:
        number = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return int(number) if number == int(number) else number


@register.filter
def plural(value: Any, forms: str) -> str:
    number = _number(value)
    return str(value) if number is None else plural_text(number, forms)


@register.filter
def plural_word(value: Any, forms: str) -> str:
    number = _number(value)
    return "" if number is None else plural_form(number, forms)


@register.filter
def count(value: Any) -> str:
    """A number grouped the Russian way: 12345 → «12 345»."""
    number = _number(value)
    return str(value) if number is None else format_count(number)
