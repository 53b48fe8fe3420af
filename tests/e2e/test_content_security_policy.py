"""In a real browser under the Content-Security-Policy: no page has anything refused, and the
inline scripts (with their nonce) still run."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import (
    CallFactory,
    CallTagFactory,
    KeyPhraseFactory,
    SegmentFactory,
    TagFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_break_no_rule_of_the_policy(page: Page) -> None:
    UserFactory(username="admin-csp", role=Role.ADMIN)
    tag = TagFactory()
    phrase = KeyPhraseFactory(tag=tag)
    call = CallFactory()
    SegmentFactory(call=call)
    CallTagFactory(call=call, tag=tag)
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    log_in(page, "admin-csp")
    for url in ["/calls/", f"/calls/{call.pk}/", "/calls/upload/", "/taxonomy/",
                f"/taxonomy/tags/{tag.pk}/", f"/taxonomy/phrases/{phrase.pk}/", "/taxonomy/try/",
                "/api/docs/"]:
        page.goto(url)
        page.wait_for_load_state("load")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert refused == []
