"""coaching/evaluations/display.py: «Оценить звонок» and the call's scorecard card on the call
page, each for the people who may have them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coaching.evaluations import services
from coaching.models import SkillResult
from coaching.models.evaluations import Answer
from project.roles import Role
from tests.factories import (
    CriterionFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    SkillFactory,
    SkillResultFactory,
    TeamFactory,
    UserFactory,
    call_with_segments,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    manager = UserFactory(role=Role.MANAGER)
    operator = OperatorFactory(team=TeamFactory(manager=manager))
    trainer = UserFactory(role=Role.TRAINER, first_name="Ольга", last_name="Никитина")
    call = call_with_segments(("operator", "Добрый день, меня зовут Анна"),
                              ("customer", "Здравствуйте"), operator=operator, duration=60)
    greeting = SkillFactory(name="Приветствие", order=1)
    farewell = SkillFactory(name="Прощание", order=2)
    segment = call.segments.get(index=0)
    SkillResultFactory(call=call, skill=greeting, status=SkillResult.Status.SHOWN,
                       segment=segment, start=0.5, end=1.5, char_start=0, char_end=11,
                       text="Добрый день")
    SkillResultFactory(call=call, skill=farewell, status=SkillResult.Status.NOT_SHOWN)
    scorecard = ScorecardTemplateFactory(name="Качество")
    CriterionFactory(template=scorecard, skill=greeting, name="Поздоровался", order=1)
    CriterionFactory(template=scorecard, skill=farewell, name="Попрощался", order=2, weight=3)
    submitted = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    first, second = submitted.scores.order_by("criterion__order")
    services.score_set(score=second, answer=Answer.YES, user=trainer,
                       reason="Попрощался другими словами")
    services.evaluation_submit(evaluation=submitted, user=trainer)
    draft = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    return {"call": call, "manager": manager, "operator": operator.user, "trainer": trainer,
            "submitted": submitted, "draft": draft,
            "outsider": UserFactory(role=Role.MANAGER)}


def _page(user, call) -> str:
    response = client_for(user).get(reverse("calls:detail", args=[call.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_evaluate_button_for_trainers_and_admins_never_for_operators_or_managers(world) -> None:
    call = world["call"]
    start = f'{reverse("coaching:evaluation-start")}?call={call.pk}'
    button = f'<a class="btn btn--primary btn--small" href="{start}">Оценить звонок</a>'
    assert button in _page(world["trainer"], call)
    assert button in _page(UserFactory(role=Role.ADMIN), call)
    for who in ("operator", "manager"):
        html = _page(world[who], call)
        assert "data-call-actions" not in html and start not in html
    # The button leads to the start page of this very call.
    page = client_for(world["trainer"]).get(start)
    assert page.status_code == 200 and page.context["call"] == call


def test_scorecard_card_shows_skills_with_moments_and_criteria_with_overrides(world) -> None:
    call, submitted = world["call"], world["submitted"]
    html = _page(world["trainer"], call)
    assert "data-call-scorecard" in html
    # A shown skill plays from its words; a skill not shown says so.
    assert 'data-skill-status="shown"' in html and 'data-skill-status="not_shown"' in html
    assert 'data-start="0.5" data-segment="0"' in html and "«Добрый день»" in html
    # Per criterion: the answers, the total linking to the evaluation, who overrode and why.
    evaluation_url = reverse("coaching:evaluation", args=[submitted.pk])
    assert f'href="{evaluation_url}" data-evaluation-total>100 из 100</a>' in html
    assert "исправлено: Ольга Никитина, по анализу — «нет»" in html
    assert "«Попрощался другими словами»" in html
    # The trainer also sees their draft: two evaluations, the count opening both.
    assert (f'href="{reverse("coaching:evaluations")}?call={call.pk}" '
            f'data-scorecard-evaluations>2\u00a0оценки</a>') in html


def test_operator_and_manager_see_the_submitted_evaluation_only(world) -> None:
    call, submitted, draft = world["call"], world["submitted"], world["draft"]
    for who in ("operator", "manager"):
        html = _page(world[who], call)
        assert f'data-evaluation="{submitted.pk}"' in html
        assert f'data-evaluation="{draft.pk}"' not in html
        assert "1\u00a0оценка" in html and 'data-skill-status="shown"' in html
    # Another team's manager does not get the page at all.
    response = client_for(world["outsider"]).get(reverse("calls:detail", args=[call.pk]))
    assert response.status_code == 404


def test_a_call_without_results_says_so(world) -> None:
    other = call_with_segments(("operator", "Алло"), operator=world["call"].operator)
    html = _page(world["trainer"], other)
    assert "Навыки появятся, когда звонок будет проанализирован." in html
    assert "Звонок ещё не оценивали." in html
    assert "Звонок ещё не оценивали." in _page(world["operator"], other)


def test_a_skill_moment_can_be_kept_as_an_exemplar_filed_under_its_skill(world) -> None:
    call = world["call"]
    greeting = SkillResult.objects.get(call=call, status=SkillResult.Status.SHOWN).skill
    html = _page(world["trainer"], call)
    assert f"skill={greeting.pk}" in html and "Добавить в образцовые" in html
    # An operator sees their call's skills but is offered no exemplar.
    assert f"skill={greeting.pk}" not in _page(world["operator"], call)
