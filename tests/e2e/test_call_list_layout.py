"""The call list fits its card at common desktop widths: the «Статус» column is never cut off."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from calls.models import Call, CallTag
from tests.e2e.conftest import log_in
from tests.factories import (
    CallFactory,
    LineFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAG_NAMES = [
    "Долгое ожидание на линии", "Жалоба на грубость оператора", "Задержка доставки",
    "Привезли не тот товар", "Двойное списание", "Не может войти в приложение",
]


def _busy_list() -> None:
    """The widest rows a manager sees: long names, several tags, every status, a failure."""
    manager = UserFactory(username="manager-layout", role="manager")
    team = TeamFactory(manager=manager)
    operator = OperatorFactory(team=team, display_name="Константин Константинопольский")
    line = LineFactory(code="payments", name="Оплата и возвраты по картам")
    tags = [TagFactory(name=name) for name in TAG_NAMES]
    now = timezone.now()
    for number, status in enumerate(Call.Status.values):
        call = CallFactory(
            operator=operator, line=line, status=status,
            # The widest title: a long file name (the list cuts it at 40 characters).
            original_name=f"2026-11-20_1015_Константинопольский_возврат_{number}.wav",
            started_at=now - timedelta(minutes=number),
            direction=Call.Direction.OUTBOUND, outcome=Call.Outcome.NO_SALE, duration=3725,
            customer_phone_masked="+7 9** ***-**-67",
            failure_reason="Запись обрывается или повреждена: её не удаётся декодировать до конца."
            if status == Call.Status.FAILED else "",
        )
        for tag in tags[: 2 + number % 5]:
            CallTag.objects.create(call=call, tag=tag, source=CallTag.Source.AUTO)


@pytest.mark.parametrize("width", [1366, 1400, 1920, 1280, 1024])
def test_status_column_is_inside_the_card(
    page: Page, width: int, screenshot: Callable[[str], None]
) -> None:
    _busy_list()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "manager-layout")
    expect(page.locator("table.calls-table tbody tr")).to_have_count(len(Call.Status.values))

    geometry = page.evaluate(
        """() => {
            const wrap = document.querySelector(".calls-table").closest(".table-wrap");
            const heads = [...document.querySelectorAll(".calls-table thead th")];
            const status = heads[heads.length - 1];
            const badges = [...document.querySelectorAll(".calls-table .badge")];
            return {
                heading: status.textContent.trim(),
                statusRight: status.getBoundingClientRect().right,
                badgesRight: Math.max(...badges.map(b => b.getBoundingClientRect().right)),
                wrapRight: wrap.getBoundingClientRect().right,
                scrollWidth: wrap.scrollWidth,
                clientWidth: wrap.clientWidth,
                viewport: document.documentElement.clientWidth,
                pageScroll: document.documentElement.scrollWidth,
            };
        }"""
    )
    if os.environ.get("E2E_SCREENSHOT_DIR"):
        screenshot(f"call-list-{width}")

    assert geometry["heading"] == "Статус"
    # Nothing to scroll sideways: the table fits its card, and the card the window.
    assert geometry["scrollWidth"] <= geometry["clientWidth"], geometry
    assert geometry["statusRight"] <= geometry["wrapRight"] + 0.5, geometry
    assert geometry["badgesRight"] <= geometry["wrapRight"] + 0.5, geometry
    assert geometry["wrapRight"] <= geometry["viewport"], geometry
    assert geometry["pageScroll"] <= geometry["viewport"], geometry
