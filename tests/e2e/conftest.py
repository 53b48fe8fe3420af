"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """A fresh headless Chromium per test.

    Playwright's sync API keeps an asyncio loop on this thread, which makes Django refuse ORM
    calls from it; the tests still need the ORM to set up data, hence DJANGO_ALLOW_ASYNC_UNSAFE,
    set only while the browser runs.
    """
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or make system-deps)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # With Playwright's loop running, the ORM hands this thread a connection of its own
            # (asgiref's context-local); close it here or PostgreSQL refuses to drop the test
            # database at the end of the run.
            connections.close_all()


@pytest.fixture
def page(chromium: Browser, live_server: object) -> Iterator[Page]:
    context = chromium.new_context(
        base_url=live_server.url,  # type: ignore[attr-defined]
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        viewport={"width": 1360, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot(page: Page) -> Iterator[object]:
    """Save full-page screenshots when E2E_SCREENSHOT_DIR is set (for a human to look at)."""
    directory = os.environ.get("E2E_SCREENSHOT_DIR")

    def take(name: str) -> None:
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    yield take


def log_in(page: Page, username: str, password: str = "password", *, to: str = "/calls/") -> None:
    """Sign in and land on `to` (the calls list, where most journeys begin); signing in without
    ?next= sends each role to its own start page (tests/project/test_urls.py)."""
    page.goto(f"/login/?next={to}")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"**{to}")
