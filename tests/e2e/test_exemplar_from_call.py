"""«Добавить в образцовые» from a call in a real browser: the trainer picks an objection's
evidence, the save page comes pre-filled, and saving returns to the call at the moment; the
operator of the call sees no button."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from calls.models import Call
from coaching.models import Exemplar
from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import (
    ObjectionFactory,
    ObjectionHitFactory,
    OperatorFactory,
    SegmentFactory,
    UserFactory,
    call_with_audio,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _call() -> Call:
    call = call_with_audio(OperatorFactory(user__username="operator-e2e"))
    SegmentFactory(call=call, index=0, speaker="operator", start=0.0, end=2.0,
                   text="Добрый день, слушаю вас")
    said = SegmentFactory(call=call, index=1, speaker="customer", start=2.0, end=4.0,
                          text="Это слишком дорого")
    SegmentFactory(call=call, index=2, speaker="operator", start=4.0, end=9.0,
                   text="Понимаю, давайте посчитаем вместе")
    ObjectionHitFactory(call=call, segment=said, objection=ObjectionFactory(name="Дорого"),
                        reply_start=4.0, reply_end=9.0,
                        reply_text="Понимаю, давайте посчитаем вместе")
    return call


def test_a_trainer_keeps_an_objections_moment_from_the_call(page: Page,
                                                            screenshot: object) -> None:
    UserFactory(username="trainer-e2e", role=Role.TRAINER)
    call = _call()
    errors: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    log_in(page, "trainer-e2e")
    page.goto(f"/calls/{call.pk}/")
    page.locator("#segment-1").hover()
    screenshot("call_moment_actions")  # type: ignore[operator]
    objections = page.locator("[data-call-objections]")
    objections.get_by_role("link", name="Добавить в образцовые: дорого").click()
    page.wait_for_url("**/coaching/exemplars/save/**")
    expect(page.get_by_role("heading", name="Добавить в образцовые")).to_be_visible()
    expect(page.get_by_label("Возражение")).to_have_value(str(call.objection_hits.get()
                                                              .objection_id))
    expect(page.get_by_label("Начало, с")).to_have_value("2")
    expect(page.get_by_label("Конец, с")).to_have_value("9")
    screenshot("exemplar_save")  # type: ignore[operator]
    page.get_by_label("Чем хорош").fill("Спокойно пересчитал выгоду")
    page.get_by_role("button", name="Сохранить как образец").click()
    page.wait_for_url(f"**/calls/{call.pk}/#t=2.0")
    expect(page.get_by_text("Момент сохранён как образец.")).to_be_visible()
    exemplar = Exemplar.objects.get()
    assert (exemplar.start, exemplar.end, exemplar.note) == (2.0, 9.0,
                                                            "Спокойно пересчитал выгоду")
    # The library lists it, quoted from the call with a player, under the day and line filters.
    page.goto("/coaching/exemplars/")
    kept = page.locator(f'[data-exemplar="{exemplar.pk}"]')
    expect(kept).to_contain_text("Спокойно пересчитал выгоду")
    expect(page.get_by_label("Линия")).to_be_visible()
    screenshot("exemplar_library")  # type: ignore[operator]
    assert errors == []


def test_the_operator_sees_no_button(page: Page) -> None:
    call = _call()
    log_in(page, "operator-e2e")
    page.goto(f"/calls/{call.pk}/")
    expect(page.get_by_text("Понимаю, давайте посчитаем вместе").first).to_be_visible()
    expect(page.locator("[data-moment-action]")).to_have_count(0)
