"""In a real browser under the CSP: the evaluation page seeks the player from a comment's time and
pins a new comment to the player's current moment; a trainer tags a call, plays a skill's moment
and starts an evaluation from the call page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from coaching.evaluations import services
from coaching.models import Evaluation, EvaluationComment, SkillResult
from project.roles import Role
from tests.e2e.conftest import log_in
from tests.e2e.test_call_pages import call_with_dialog
from tests.factories import (
    CriterionFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    SkillFactory,
    SkillResultFactory,
    TagFactory,
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


def test_trainer_evaluates_from_the_call_page_tags_it_and_a_skill_moment_plays(
    page: Page, screenshot: Callable[[str], None],
) -> None:
    trainer = UserFactory(username="trainer-call", role=Role.TRAINER)
    call = call_with_dialog(OperatorFactory())
    skill = SkillFactory(name="Приветствие")
    first = call.segments.get(index=0)
    SkillResultFactory(call=call, skill=skill, status=SkillResult.Status.SHOWN, segment=first,
                       start=first.start + 0.2, end=first.end, char_start=0, char_end=5,
                       text=first.text[:5])
    scorecard = ScorecardTemplateFactory(name="Качество")
    CriterionFactory(template=scorecard, skill=skill, name="Поздоровался")
    TagFactory(code="refund", name="Возврат")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, trainer.username)
    page.goto(f"/calls/{call.pk}/")
    screenshot("call-page-trainer")
    # The skill's evidence chip seeks the player.
    page.locator("[data-call-scorecard] .evidence-chip").first.click()
    page.wait_for_function(
        f"""() => {{
            const audio = document.querySelector("[data-call-audio]");
            return audio.currentTime >= {first.start + 0.2} - 0.01;
        }}"""
    )
    # A manual tag: added through the tags card's form, then logged on the page.
    page.locator("#call-tag-add").select_option("refund")
    page.locator("[data-add-tag]").get_by_role("button", name="Добавить").click()
    expect(page.locator("[data-tag='refund'] [data-tag-log]")).to_contain_text("добавлен вручную")
    screenshot("call-page-tagged")
    # «Оценить звонок» → the start page with its one scorecard chosen → the evaluation.
    page.locator("[data-call-actions]").get_by_role("link", name="Оценить звонок").click()
    screenshot("evaluation-start")
    page.get_by_role("button", name="Начать оценку").click()
    page.wait_for_url("**/coaching/evaluations/*/")
    evaluation = Evaluation.objects.get(call=call)
    assert evaluation.scores.get().answer == "yes"
    # The search: the call is found by its tag.
    page.goto("/coaching/evaluations/new/?tag=refund")
    expect(page.locator(f"[data-search-results] tr[data-call='{call.pk}']")).to_be_visible()
    screenshot("evaluation-search")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth")
    assert refused == []
