"""The library's trainer pages in a real browser under the Content-Security-Policy: nothing is
refused, the answer preview follows the chosen blocks, and an exemplar's player starts at its
moment."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import (
    ExemplarDialogFactory,
    ObjectionFactory,
    ObjectionPhraseFactory,
    OperatorFactory,
    ResponseBlockFactory,
    SegmentFactory,
    UserFactory,
    call_with_audio,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_trainer_pages_work_under_the_policy(page: Page, screenshot: object) -> None:
    UserFactory(username="trainer-e2e", role=Role.TRAINER)
    objection = ObjectionFactory(code="price", name="Слишком дорого", theme__name="Дорого")
    phrase = ObjectionPhraseFactory(objection=objection, text="слишком дорого")
    ResponseBlockFactory(objection=objection, kind="acknowledge", text="Понимаю вас.", order=0)
    second = ResponseBlockFactory(objection=objection, kind="acknowledge",
                                  text="Сумма и правда заметная.", order=1)
    ResponseBlockFactory(objection=objection, kind="argument", text="Окупается за месяц.")
    block = ResponseBlockFactory(objection=objection, kind="question", text="С чем сравниваете?")
    call = call_with_audio(OperatorFactory())
    SegmentFactory(call=call, index=0, start=2.0, end=4.0, text="Это слишком дорого")
    exemplar = ExemplarDialogFactory(call=call, start=2.0, end=4.0)
    exemplar.objections.add(objection)
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    log_in(page, "trainer-e2e")
    for url in ["/library/", "/library/read/", f"/library/objections/{objection.pk}/history/",
                f"/library/blocks/{block.pk}/history/", f"/library/phrases/{phrase.pk}/?try=1",
                "/library/exemplars/", "/library/exemplars/new/",
                f"/library/exemplars/{exemplar.pk}/"]:
        page.goto(url)
        page.wait_for_load_state("load")
        screenshot(url.strip("/").replace("/", "_").replace("?", "_"))  # type: ignore[operator]
    page.goto(f"/library/objections/{objection.pk}/")
    answer = page.locator("[data-answer]")
    expect(answer).to_have_text("Понимаю вас. Окупается за месяц. С чем сравниваете?")
    page.locator(f"input[name=acknowledge][value='{second.pk}']").check()
    expect(answer).to_have_text("Сумма и правда заметная. Окупается за месяц. С чем сравниваете?")
    screenshot("objection")  # type: ignore[operator]

    page.goto(f"/library/exemplars/{exemplar.pk}/")
    expect(page.locator("[data-exemplar-replay]")).to_be_visible()

    # the menu's «Библиотека» opens the library's pages
    menu = page.locator("[data-nav-group]", has=page.locator("summary", has_text="Библиотека"))
    coaching = page.locator("[data-nav-group]", has=page.locator("summary", has_text="Коучинг"))
    expect(menu.get_by_role("link", name="Редактор библиотеки")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Редактор библиотеки")).to_be_visible()
    # Opening «Коучинг» closes «Библиотека»; Escape closes it; then «Библиотека» again.
    coaching.locator("summary").click()
    expect(coaching.get_by_role("link", name="Образцовые моменты")).to_be_visible()
    expect(menu.get_by_role("link", name="Редактор библиотеки")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(coaching.get_by_role("link", name="Образцовые моменты")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Редактор библиотеки")).to_be_visible()
    screenshot("menu")  # type: ignore[operator]
    menu.get_by_role("link", name="Редактор библиотеки").click()
    page.wait_for_url("**/library/")
    assert page.get_by_role("link", name="Слишком дорого").count() == 1
    assert refused == []
