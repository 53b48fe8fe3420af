"""Customer phone numbers: kept only as a keyed hash (for repeat contacts) and a masked form."""

import hashlib
import hmac
import re

from django.conf import settings

_DIGITS = re.compile(r"\d")


def normalize_phone(phone: str) -> str:
    """Digits only, Russian numbers as 7XXXXXXXXXX so 8-, +7- and bare 10-digit forms agree."""
    digits = "".join(_DIGITS.findall(phone))
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    elif len(digits) == 10:
        digits = "7" + digits
    return digits


def customer_key(phone: str) -> str:
    digits = normalize_phone(phone)
    if not digits:
        return ""
    secret = settings.CUSTOMER_KEY_SECRET.encode()
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()


def mask_phone(phone: str) -> str:
    """+7 9** ***-**-67: the first digit of the code and the last two stay, for a human to tell."""
    digits = normalize_phone(phone)
    if len(digits) == 11 and digits[0] == "7":
        return f"+7 {digits[1]}** ***-**-{digits[-2:]}"
    if len(digits) >= 4:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)
