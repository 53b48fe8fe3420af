"""In a real browser under the CSP: the evaluation page seeks the player from a comment's time and
pins a new comment to the player's current moment."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from coaching.evaluations import services
from coaching.models import EvaluationComment
from project.roles import Role
from tests.e2e.conftest import log_in
from tests.e2e.test_call_pages import call_with_dialog
from tests.factories import (
    CriterionFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_comment_time_seeks_and_a_new_comment_takes_the_current_moment(page: Page) -> None:
    trainer = UserFactory(username="trainer-eval", role=Role.TRAINER)
    call = call_with_dialog(OperatorFactory())
    scorecard = ScorecardTemplateFactory()
    CriterionFactory(template=scorecard, name="Приветствие")
    evaluation = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    services.comment_add(evaluation=evaluation, author=trainer, text="Уточнила номер", at=6.5)
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", watch)
    log_in(page, "trainer-eval")
    page.goto(f"/coaching/evaluations/{evaluation.pk}/")
    expect(page.get_by_text("Уточнила номер")).to_be_visible()
    page.locator("[data-comments] [data-seek]").first.click()
    page.wait_for_function(
        """() => {
            const audio = document.querySelector("[data-evaluation-audio]");
            return !audio.paused && audio.currentTime >= 6.5 && audio.currentTime < 8.5;
        }"""
    )
    page.evaluate("document.querySelector('[data-evaluation-audio]').pause()")
    page.get_by_role("button", name="Текущий момент записи").click()
    at = float(page.locator("input[name='at']").input_value())
    assert 6.5 <= at < 9
    page.locator("textarea[name='text']").fill("Хорошее резюме")
    page.get_by_role("button", name="Добавить комментарий").click()
    expect(page.get_by_text("Хорошее резюме")).to_be_visible()
    assert EvaluationComment.objects.get(text="Хорошее резюме").at == pytest.approx(at)
    assert refused == []
