"""calls/privacy.py: a customer's phone is keyed with a secret and only ever shown masked."""

from __future__ import annotations

from calls.privacy import customer_key, mask_phone


def test_phone_is_hashed_with_a_key_and_masked(settings) -> None:  # type: ignore[no-untyped-def]
    assert customer_key("8 (912) 345-67-89") == customer_key("+79123456789")
    assert customer_key("9123456789") == customer_key("+7 912 345 67 89")
    key = customer_key("+79123456789")
    settings.CUSTOMER_KEY_SECRET = "another-secret"
    assert customer_key("+79123456789") != key
    assert mask_phone("+79123456789") == "+7 9** ***-**-89"
    assert customer_key("") == "" and mask_phone("") == ""
