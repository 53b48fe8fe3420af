"""project/settings/base.py login throttling (django-axes): a username is locked out from one IP
after repeated wrong passwords, with a Russian page; other users and addresses are unaffected."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "верный-пароль-2026"


def _login(username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post(
        "/login/", {"username": username, "password": password}
    )


@override_settings(AXES_ENABLED=True)
def test_ten_wrong_passwords_lock_the_user_out_from_that_address_only() -> None:
    victim = UserFactory(username="ivanova")
    victim.set_password(PASSWORD)
    victim.save()
    colleague = UserFactory(username="petrov")
    colleague.set_password(PASSWORD)
    colleague.save()

    statuses = [_login("ivanova", "неверный").status_code for _attempt in range(10)]
    # The tenth failure already answers with the lockout page.
    assert statuses == [200] * 9 + [429]

    refused = _login("ivanova", PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Вход временно заблокирован" in page and "10\u00a0неверных попыток" in page
    assert "_auth_user_id" not in refused.client.session

    # Another user from the same address, and the same user from elsewhere, still get in.
    assert _login("petrov", PASSWORD).status_code == 302
    assert _login("ivanova", PASSWORD, ip="10.0.0.2").status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_successful_login_resets_the_count() -> None:
    user = UserFactory(username="sidorov")
    user.set_password(PASSWORD)
    user.save()

    for _attempt in range(9):
        _login("sidorov", "неверный")
    assert _login("sidorov", PASSWORD).status_code == 302
    for _attempt in range(9):
        _login("sidorov", "неверный")
    assert _login("sidorov", PASSWORD).status_code == 302
