"""/accounts/login/, Django's conventional address, leads to our login page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_accounts_login_redirects_to_the_login_page_keeping_next(client: Client) -> None:
    response = client.get("/accounts/login/?next=/calls/", follow=True)

    assert response.redirect_chain == [("/login/?next=/calls/", 302)]
    assert response.status_code == 200
    assert "Вход в «Слышу»" in response.content.decode()
