"""Russian counts: «1 звонок, 3 звонка, 5 звонков, 21 звонок, 111 звонков».

Russian has three plural forms chosen by the last two digits, which Django's two-form
`blocktranslate count` cannot express without a compiled catalogue. Every count the product
writes goes through `plural` (Python) or the `plural` / `plural_word` template filters
(project/templatetags/russian.py), so there is one rule for the whole product.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

Forms = tuple[str, str, str]


def parse_forms(forms: str | Forms) -> Forms:
    """«звонок,звонка,звонков» → the three forms: for 1, for 2–4, for 5–20 (and 0)."""
    parts = tuple(part.strip() for part in forms.split(",")) if isinstance(forms, str) else forms
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"Three plural forms are needed (1, 2, 5), got {forms!r}.")
    return parts[0], parts[1], parts[2]


def plural_form(count: int | float | Decimal, forms: str | Forms) -> str:
    """The word for `count`: plural_form(21, "звонок,звонка,звонков") → «звонок».

    A fractional count takes the form for 2 («1,5 минуты»), as Russian grammar has it.
    """
    one, few, many = parse_forms(forms)
    if isinstance(count, float | Decimal) and count != int(count):
        return few
    number = abs(int(count))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def format_count(count: int | float | Decimal) -> str:
    """A number as Russians write it: «1 234», «1,5» (non-breaking space between groups)."""
    return number_format(count, force_grouping=True, use_l10n=True)


def plural(count: int | float | Decimal, forms: str | Forms) -> str:
    """The count and its word: plural(3, "звонок,звонка,звонков") → «3 звонка»."""
    return f"{format_count(count)}\u00a0{plural_form(count, forms)}"
