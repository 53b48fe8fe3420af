"""Check digits of the numbers people dictate: they tell a card or a СНИЛС from any long number."""

from __future__ import annotations


def luhn_valid(digits: str) -> bool:
    """Payment cards (ISO/IEC 7812)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def snils_valid(digits: str) -> bool:
    """СНИЛС: 9 digits weighted 9..1, the sum mod 101 (100 → 00) is the last two digits.

    Numbers up to 001-001-998 were issued before the check existed and have none.
    """
    if len(digits) != 11:
        return False
    body, control = digits[:9], int(digits[9:])
    if int(body) <= 1001998:
        return True
    total = sum(int(d) * (9 - i) for i, d in enumerate(body))
    expected = total % 101
    if expected == 100:
        expected = 0
    return control == expected


_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_valid(digits: str) -> bool:
    """ИНН: 10 digits (organisations) or 12 (people), check digits per the ФНС order."""
    if len(digits) == 10:
        return _inn_digit(digits, _INN10) == int(digits[9])
    if len(digits) == 12:
        return (_inn_digit(digits, _INN12_11) == int(digits[10])
                and _inn_digit(digits, _INN12_12) == int(digits[11]))
    return False
