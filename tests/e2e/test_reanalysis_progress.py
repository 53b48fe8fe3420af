"""calls/static/calls/reanalysis.js in a real browser under the Content-Security-Policy: the one
polling script of both editors' re-analysis cards (the tag editor, the library editor) follows a
run to its end, counts written the Russian way, and frees the button."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from calls.models import ReanalysisRun
from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("role", "url", "analyser"), [
    (Role.ADMIN, "/taxonomy/", "tags"),
    (Role.TRAINER, "/library/", "objections"),
])
def test_the_card_follows_a_run_to_its_end(page: Page, role: Role, url: str,
                                           analyser: str) -> None:
    UserFactory(username="editor-e2e", role=role)
    now = timezone.now()
    run = ReanalysisRun.objects.create(analyser=analyser, status=ReanalysisRun.Status.RUNNING,
                                       total=2500, done=500, created_at=now, heartbeat_at=now)
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            refused.append(message.text)

    page.on("console", watch)
    log_in(page, "editor-e2e")
    page.goto(url)
    card = page.locator("[data-reanalysis]")
    expect(card.locator("[data-run-bar]")).to_have_attribute("style", "width: 20%;")
    expect(card.locator("[data-run-button]")).to_be_disabled()

    ReanalysisRun.objects.filter(pk=run.pk).update(
        status=ReanalysisRun.Status.DONE, done=2501, total=2501, finished_at=timezone.now())

    expect(card.locator("[data-run-status]")).to_have_text("завершён")
    expect(card.locator("[data-run-done]")).to_have_text("2\u00a0501")
    expect(card.locator("[data-run-unit]")).to_have_text("звонка")
    expect(card.locator("[data-run-bar]")).to_have_attribute("style", "width: 100%;")
    expect(card.locator("[data-run-button]")).to_be_enabled()
    assert refused == []
