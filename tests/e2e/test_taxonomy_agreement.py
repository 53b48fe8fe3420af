"""A trainer reads the annotators' agreement: the flagged tag, the calls behind a count, a call."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from calls.models import Tag
from project.roles import Role
from tests.calls.taxonomy.agreement.annotations import two_trainers_world
from tests.e2e.conftest import log_in
from tests.e2e.page_checker import PageChecker
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_trainer_reads_agreement_and_opens_the_disagreements(
    page: Page, live_server: Any
) -> None:
    world = two_trainers_world()
    UserFactory(username="trainer-agreement", role=Role.TRAINER)
    words = {"anna", "boris", "trainer-agreement", *Tag.objects.values_list("code", flat=True)}
    checker = PageChecker(
        page=page, journey="taxonomy-agreement", base_url=live_server.url, data_words=words
    )
    log_in(page, "trainer-agreement")
    page.goto("/taxonomy/agreement/")
    page.get_by_label("Кампания разметки").select_option("Майская")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**/taxonomy/agreement/?campaign=*")
    expect(page.locator('[data-low-tag="delay"]')).to_contain_text("Задержка доставки")
    checker.check("agreement")
    page.locator('tr[data-tag="delay"] a[href*="list=disagreed"]').first.click()
    page.wait_for_url("**/taxonomy/agreement/calls/**")
    expect(page.locator("tr[data-call-id]")).to_have_count(2)
    checker.check("agreement-calls")
    page.locator("tr[data-call-id] a").first.click()
    page.wait_for_url("**/calls/*/")
    assert int(page.url.rstrip("/").rsplit("/", 1)[1]) in {c.pk for c in world["calls"][1:3]}
    checker.assert_clean()
