"""A user with no role signs in and is told, in Russian, to ask an admin for one
(project/access.py); the menu offers nothing they cannot use, and signing out works."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_user_with_no_role_is_told_to_ask_for_one(page: Page, screenshot: Any) -> None:
    UserFactory(username="newcomer")

    log_in(page, "newcomer")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Вашей учётной записи ещё не назначена роль")
    expect(page.get_by_text("Попросите администратора назначить вам роль")).to_be_visible()
    expect(page.get_by_role("navigation", name="Основная навигация").get_by_role("link")
           ).to_have_count(0)
    screenshot("no-role")
    page.get_by_role("button", name="Войти под другой учётной записью").click()
    expect(page.get_by_label("Имя пользователя")).to_be_visible()
