"""Russian in the browser: the date fields are «дд.мм.гггг» with a Russian calendar (Chromium's
own picker follows the browser's language, not the page's), counts written by scripts follow
the plural rule of project/russian.py, and the admin's header fits one line at 1366 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect

from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import CallFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _errors(page: Page) -> list[str]:
    errors: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", watch)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_call_list_date_filter_is_a_russian_calendar(
    page: Page, screenshot: Callable[[str], None]
) -> None:
    UserFactory(username="admin-dates", role=Role.ADMIN)
    CallFactory()
    errors = _errors(page)
    log_in(page, "admin-dates")
    assert page.locator("html").get_attribute("lang") == "ru"

    field = page.locator("#id_date_from")
    expect(field).to_have_attribute("type", "text")
    expect(field).to_have_attribute("placeholder", "дд.мм.гггг")
    field.fill("01.12.2026")
    page.get_by_role("button", name="Выбрать дату в календаре").first.click()
    calendar = page.get_by_role("dialog", name="Календарь")
    expect(calendar).to_be_visible()
    expect(calendar.locator(".datepicker__title")).to_have_text("Декабрь 2026")
    expect(calendar.locator("th").first).to_have_text("Пн")
    expect(calendar.locator("th").last).to_have_text("Вс")
    screenshot("datepicker-call-list")
    calendar.get_by_role("button", name="6 декабря 2026", exact=True).click()
    expect(calendar).to_be_hidden()
    expect(field).to_have_value("06.12.2026")

    page.locator("#id_date_to").fill("31.12.2026")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**date_from=2026-12-06**")
    assert "date_to=2026-12-31" in page.url
    # Back on the page, the field shows the chosen date the Russian way.
    expect(page.locator("#id_date_from")).to_have_value("06.12.2026")
    assert errors == []


def test_a_date_that_does_not_exist_is_refused_in_russian(page: Page) -> None:
    UserFactory(username="admin-bad-date", role=Role.ADMIN)
    log_in(page, "admin-bad-date")
    field = page.locator("#id_date_from")
    field.fill("31.02.2026")
    message = field.evaluate("element => element.validationMessage")
    assert message == "Введите дату в виде дд.мм.гггг, например 06.12.2026."
    assert page.locator('input[name="date_from"]').input_value() == ""


def test_script_counts_follow_the_russian_plural_rule(page: Page) -> None:
    UserFactory(username="admin-plural", role=Role.ADMIN)
    log_in(page, "admin-plural")
    written = page.evaluate(
        """() => [1, 3, 5, 21, 24, 111, 1001, 1.5].map(
            n => window.slyshuRussian.plural(n, "звонок,звонка,звонков"))"""
    )
    assert written == ["1\u00a0звонок", "3\u00a0звонка", "5\u00a0звонков", "21\u00a0звонок",
                       "24\u00a0звонка", "111\u00a0звонков", "1\u00a0001\u00a0звонок",
                       "1,5\u00a0звонка"]


def _admin(username: str) -> None:
    """An admin with every menu item: the widest header the product draws."""
    UserFactory(username=username, role=Role.ADMIN)
    User.objects.filter(username=username).update(
        is_staff=True, is_superuser=True, first_name="Александра", last_name="Константинопольская")


def _one_line(page: Page, container: str, first: str, last: str) -> None:
    box = page.locator(container).bounding_box()
    start = page.locator(first).bounding_box()
    end = page.locator(last).bounding_box()
    assert box is not None and start is not None and end is not None
    # The last item sits on the first item's line, not under it.
    assert end["y"] < start["y"] + start["height"], (start, end)
    assert end["x"] + end["width"] <= box["x"] + box["width"] + 1


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_admin_header_fits_one_line(
    page: Page, width: int, screenshot: Callable[[str], None]
) -> None:
    _admin("admin-header")
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "admin-header")
    screenshot(f"product-header-{width}")
    _one_line(page, ".topbar__inner", ".brand", ".usermenu")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow

    page.goto("/admin/")
    assert page.locator("html").get_attribute("lang") == "ru"
    expect(page.locator("#site-name")).to_contain_text("Слышу")
    screenshot(f"admin-header-{width}")
    _one_line(page, "#header", "#branding", "#user-tools")


def test_the_week_field_is_russian_too(page: Page, screenshot: Callable[[str], None]) -> None:
    UserFactory(username="manager-week", role=Role.MANAGER)
    errors = _errors(page)
    log_in(page, "manager-week")
    page.goto("/coaching/case-review/?week=2026-W48")
    field = page.locator("#case-review-week")
    expect(field).to_have_attribute("type", "text")
    expect(field).to_have_value("23–29 ноября 2026")
    field.fill("02.12.2026")
    field.press("Tab")
    expect(field).to_have_value("30 ноября – 6 декабря 2026")
    assert page.locator('input[name="week"]').input_value() == "2026-W49"

    page.get_by_role("button", name="Выбрать дату в календаре").click()
    calendar = page.get_by_role("dialog", name="Календарь")
    expect(calendar.locator(".datepicker__title")).to_have_text("Декабрь 2026")
    # The whole chosen week is marked, Monday to Sunday.
    expect(calendar.locator(".datepicker__day.is-selected")).to_have_count(7)
    screenshot("weekpicker-case-review")
    calendar.get_by_role("button", name="10 декабря 2026", exact=True).click()
    expect(field).to_have_value("7–13 декабря 2026")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**week=2026-W50**")
    expect(page.locator("h1")).to_contain_text("7 декабря — 13 декабря 2026")
    assert errors == []
