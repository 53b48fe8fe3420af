"""In a real browser: a trainer builds a blind calibration from the search of calls — ticks calls
on two pages of results, the selection kept across them — picks the evaluators and creates it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coaching.models import CalibrationSession
from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import (
    CallFactory,
    CriterionFactory,
    LineFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_trainer_picks_calls_on_two_pages_and_creates_a_calibration(
    page: Page, screenshot: Callable[[str], None],
) -> None:
    trainer = UserFactory(username="trainer-calib", role=Role.TRAINER, first_name="Ольга",
                          last_name="Никитина")
    second = UserFactory(role=Role.TRAINER, first_name="Павел", last_name="Смирнов")
    operator, line = OperatorFactory(display_name="Анна Петрова"), LineFactory()
    now = timezone.now()
    calls = [CallFactory(operator=operator, line=line, started_at=now - timedelta(minutes=i))
             for i in range(27)]
    CallFactory()  # another operator's: not in the search
    scorecard = ScorecardTemplateFactory(name="Качество")
    CriterionFactory(template=scorecard)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" else None)
    log_in(page, trainer.username)
    page.goto("/coaching/evaluations/calibrations/")
    page.locator("[data-calibration-new]").click()
    page.locator("#id_operator").select_option(str(operator.pk))
    page.get_by_role("button", name="Найти").click()
    expect(page.locator("[data-found]")).to_contain_text("Найдено: 27\u00a0звонков")
    page.locator(f"#pick-{calls[0].pk}").check()
    page.locator(f"#pick-{calls[1].pk}").check()
    # Turning the page submits the ticks: they stay picked.
    page.get_by_role("button", name="Вперёд →").click()
    page.locator(f"#pick-{calls[26].pk}").check()
    page.get_by_role("button", name="Добавить отмеченные").click()
    expect(page.locator("[data-selected-count]")).to_contain_text("Выбрано: 3\u00a0звонка")
    page.get_by_role("button", name="← Назад").click()
    expect(page.locator(f"#pick-{calls[0].pk}")).to_be_checked()
    expect(page.locator(f"#pick-{calls[2].pk}")).not_to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "window.innerWidth")
    screenshot("calibration-new")
    form = page.locator("[data-calibration-create]")
    form.get_by_label("Название").fill("Декабрь")
    form.get_by_label("Оценочный лист").select_option(str(scorecard.pk))
    form.get_by_label("Ольга Никитина").check()
    form.get_by_label("Павел Смирнов").check()
    form.get_by_role("button", name="Создать калибровку").click()
    page.wait_for_url("**/coaching/evaluations/calibrations/*/")
    session = CalibrationSession.objects.get()
    assert set(session.calls.all()) == {calls[0], calls[1], calls[26]}
    assert set(session.evaluators.all()) == {trainer, second}
    expect(page.get_by_text("Калибровка создана")).to_be_visible()
    screenshot("calibration-created")
    assert refused == []
