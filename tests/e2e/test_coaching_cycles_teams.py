"""The teams page, the cycle pages (record with confirmation, undo) and the scorecard pages in
Chromium at 1366 and 1920 px: every table fits its card (none cut off, none scrolling), and the
flows work under the Content-Security-Policy (no inline handlers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coaching.cycles.services import CONTROL_DAYS
from coaching.models import CoachingCycle
from tests.coaching.cycles.conftest import outcomes
from tests.e2e.conftest import log_in
from tests.factories import (
    CallFactory,
    CoachingCycleFactory,
    CriterionFactory,
    OperatorFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
Stage = CoachingCycle.Stage
WIDTHS = [1366, 1920]

FITS = """() => {
    const wraps = [...document.querySelectorAll(".table-wrap")];
    return {
        page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        cut: wraps.filter(w => w.scrollWidth > w.clientWidth + 1)
                  .map(w => w.innerText.slice(0, 60)),
        tables: wraps.length,
    };
}"""


def _assert_fits(page: Page) -> None:
    # Right after a click that navigates, the new document may not be there yet.
    page.wait_for_load_state("load")
    geometry = page.evaluate(FITS)
    assert geometry["page"], "the page scrolls sideways"
    assert geometry["cut"] == [], geometry["cut"]


def _team() -> CoachingCycle:
    manager = UserFactory(username="manager-e2e", first_name="Мария", last_name="Руководова",
                          role="manager")
    team = TeamFactory(manager=manager, name="Служба доставки и возвратов крупной техники")
    today = timezone.localdate()
    skill = SkillFactory(code="summary", name="Резюмирование и договорённость о следующем шаге")
    names = ["Константин Константинопольский", "Анна Соколова", "Игорь Волков"]
    operators = [OperatorFactory(team=team, code=f"op{n}", display_name=name)
                 for n, name in enumerate(names)]
    for operator in operators:
        CallFactory(operator=operator, started_at=timezone.now())
    trained = today - timedelta(days=CONTROL_DAYS + 2)
    cycle = CoachingCycleFactory(operator=operators[0], skill=skill, stage=Stage.CONTROL,
                                 baseline_from=trained - timedelta(days=30),
                                 baseline_to=trained - timedelta(days=1), trained_on=trained,
                                 control_due=trained + timedelta(days=CONTROL_DAYS))
    outcomes(operators[0], skill, trained - timedelta(days=3), shown=2, not_shown=9)
    outcomes(operators[0], skill, trained + timedelta(days=3), shown=9, not_shown=2)
    CoachingCycleFactory(operator=operators[1], skill=skill, stage=Stage.LISTEN)
    return cycle


@pytest.mark.parametrize("width", WIDTHS)
def test_a_manager_opens_the_team_and_records_then_undoes_a_result(
        page: Page, width: int, screenshot: Callable[[str], None]) -> None:
    cycle = _team()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "manager-e2e")
    page.goto("/coaching/teams/")
    expect(page.locator("[data-team-cycles]")).to_have_text("2\u00a0открытых цикла")
    screenshot(f"coaching-teams-{width}")
    _assert_fits(page)
    page.locator("[data-team-cycles]").click()
    expect(page.locator("table.cycles-table tbody tr")).to_have_count(2)
    screenshot(f"coaching-cycles-{width}")
    _assert_fits(page)
    page.goto(f"/coaching/cycles/{cycle.pk}/")
    page.locator("[data-record]").click()
    expect(page.locator("[data-result-confirm]")).to_be_visible()
    screenshot(f"coaching-cycle-confirm-{width}")
    _assert_fits(page)
    page.get_by_role("button", name="Да, записать результат").click()
    expect(page.locator("body")).to_contain_text("Результат записан")
    expect(page.locator("[data-undo]")).to_be_visible()
    screenshot(f"coaching-cycle-recorded-{width}")
    _assert_fits(page)
    page.get_by_role("button", name="Отменить записанный результат").click()
    expect(page.locator("body")).to_contain_text("Результат отменён")
    expect(page.locator("[data-record]")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_trainer_edits_a_scorecard(page: Page, width: int,
                                     screenshot: Callable[[str], None]) -> None:
    UserFactory(username="trainer-e2e", role="trainer")
    criterion = CriterionFactory(name="Выяснил, что нужно клиенту, прежде чем предлагать решение",
                                 weight=3, template__name="Входящий звонок",
                                 skill=SkillFactory(name="Уточнение потребности"))
    CriterionFactory(template=criterion.template, name="Говорил доброжелательно", weight=1)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "trainer-e2e")
    page.goto("/coaching/scorecards/")
    screenshot(f"coaching-scorecards-{width}")
    _assert_fits(page)
    page.get_by_role("link", name="Входящий звонок").click()
    expect(page.locator("[data-criteria]")).to_contain_text("75%")
    _assert_fits(page)
    page.locator("[data-scorecard-edit]").click()
    page.wait_for_url("**/edit/")
    screenshot(f"coaching-scorecard-form-{width}")
    _assert_fits(page)
    page.locator("input[name='criteria-2-name']").fill("Подвёл итог")
    page.locator("input[name='criteria-2-weight']").fill("2")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("[data-criteria]")).to_contain_text("Подвёл итог")
    expect(page.locator("body")).to_contain_text("Оценочный лист сохранён")
