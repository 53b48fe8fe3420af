"""The demo's library review in a real browser: it fits 1366 and 1920 px, a trainer opens the
calls behind a number, and a manager of a team with no calls sees none of its quotes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.models import Team
from project.roles import Role
from scripts_library.demo.loading import (
    demo_analyse_sales_calls,
    demo_import_sales_calls,
    demo_load_library,
    demo_open_review,
)
from tests.e2e.conftest import log_in
from tests.factories import ObjectionThemeFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# What sticks out past the right edge, to say in the failure which box it is.
WIDE = """() => { const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > edge + 0.5)
    .slice(0, 5).map(e => e.tagName + '.' + e.className); }"""


def test_the_demo_review_fits_opens_its_calls_and_hides_others(page: Page,
                                                              screenshot: object) -> None:
    demo_seed_people()
    demo_seed_lines()
    demo_load_library()
    demo_import_sales_calls()
    demo_analyse_sales_calls()
    review = demo_open_review()
    assert review is not None
    UserFactory(username="trainer-e2e", role=Role.TRAINER)
    empty_manager = UserFactory(username="empty-e2e", role=Role.MANAGER)
    Team.objects.create(name="Пустая команда", manager=empty_manager)
    theme = ObjectionThemeFactory(name="Лишняя тема")

    log_in(page, "trainer-e2e")
    for width in (1366, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        for url in ["/library/reviews/", f"/library/reviews/{review.pk}/", "/library/",
                    f"/library/themes/{theme.pk}/delete/"]:
            page.goto(url)
            wide = page.evaluate(WIDE)
            assert page.evaluate(OVERFLOW) <= 0, (url, width, wide)
            screenshot(f"review_{width}_" + url.strip("/").replace("/", "_"))  # type: ignore[operator]
    page.goto(f"/library/reviews/{review.pk}/")
    title = "Новое возражение: «курьер опаздывает»"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.locator("[data-count=call_count]").first.click()
    page.wait_for_url("**/calls/calls/")
    assert page.locator("[data-call-id]").count() == 3

    page.context.clear_cookies()
    log_in(page, "empty-e2e")
    page.goto(f"/library/reviews/{review.pk}/")
    text = page.locator("main").inner_text()
    assert "курьер" not in text and "пенсия" not in text and "звонок " not in text
