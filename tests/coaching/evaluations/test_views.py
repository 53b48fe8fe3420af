from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from coaching.evaluations import services
from coaching.models import Evaluation, EvaluationComment
from coaching.models.evaluations import Answer
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    CriterionFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    SkillFactory,
    SkillResultFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    call_with_segments,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    manager = UserFactory(role=Role.MANAGER)
    team, other_team = TeamFactory(manager=manager), TeamFactory()
    mine, colleague = OperatorFactory(team=team), OperatorFactory(team=other_team)
    trainer = UserFactory(role=Role.TRAINER)
    scorecard = ScorecardTemplateFactory()
    skill = SkillFactory()
    CriterionFactory(template=scorecard, skill=skill, name="Приветствие")
    evaluations = {}
    for name, operator in (("mine", mine), ("colleague", colleague)):
        call = call_with_segments(("operator", "Добрый день"), ("customer", "Здравствуйте"),
                                  operator=operator, duration=60)
        SkillResultFactory(call=call, skill=skill, status="shown")
        evaluation = services.evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
        services.evaluation_submit(evaluation=evaluation, user=trainer)
        evaluations[name] = evaluation
    return {"manager": manager, "operator": mine.user, "trainer": trainer,
            "scorecard": scorecard, **evaluations}


def _listed(user) -> set[int]:
    response = client_for(user).get(reverse("coaching:evaluations"))
    assert response.status_code == 200
    return {evaluation.pk for evaluation in response.context["evaluations"]}


def test_operator_sees_only_own_manager_own_teams_trainer_all(world) -> None:
    mine, colleague = world["mine"].pk, world["colleague"].pk
    assert _listed(world["operator"]) == {mine}
    assert _listed(world["manager"]) == {mine}
    assert _listed(world["trainer"]) == {mine, colleague}
    operator = client_for(world["operator"])
    assert operator.get(reverse("coaching:evaluation", args=[mine])).status_code == 200
    assert operator.get(reverse("coaching:evaluation", args=[colleague])).status_code == 404
    assert client_for(world["manager"]).get(
        reverse("coaching:evaluation", args=[colleague])).status_code == 404


def test_operator_reads_without_editing_and_cannot_post(world) -> None:
    operator = client_for(world["operator"])
    page = operator.get(reverse("coaching:evaluation", args=[world["mine"].pk]))
    assert page.context["editable"] is False
    assert "Добрый день" in page.content.decode()
    response = operator.post(reverse("coaching:evaluation-comment", args=[world["mine"].pk]),
                             {"text": "x", "at": "1"})
    assert response.status_code == 403
    assert operator.get(reverse("coaching:calibrations")).status_code == 403


def test_drafts_are_not_shown_to_the_operator(world) -> None:
    call = world["mine"].call
    draft = services.evaluation_start(call=call, scorecard=world["scorecard"],
                                      evaluator=world["trainer"])
    assert draft.pk not in _listed(world["operator"])


def test_trainer_scores_overrides_comments_at_a_moment_and_submits(world) -> None:
    trainer = client_for(world["trainer"])
    response = trainer.post(reverse("coaching:evaluation-start"),
                            {"call": world["mine"].call_id, "scorecard": world["scorecard"].pk})
    evaluation = Evaluation.objects.latest("pk")
    assert response.url == reverse("coaching:evaluation", args=[evaluation.pk])
    score = evaluation.scores.get()
    assert (score.answer, score.auto) == ("yes", True)
    url = reverse("coaching:evaluation-score", args=[evaluation.pk, score.pk])
    trainer.post(url, {f"s{score.pk}-answer": "no"})
    score.refresh_from_db()
    assert score.answer == "yes"  # an override without a reason is refused
    trainer.post(url, {f"s{score.pk}-answer": "no", f"s{score.pk}-reason": "Не представился"})
    score.refresh_from_db()
    assert (score.answer, score.overridden_by, score.override_reason) == (
        Answer.NO, world["trainer"], "Не представился")
    trainer.post(reverse("coaching:evaluation-comment", args=[evaluation.pk]),
                 {"text": "Хорошая пауза", "at": "12.5"})
    assert EvaluationComment.objects.get(evaluation=evaluation).at == 12.5
    page = trainer.get(reverse("coaching:evaluation", args=[evaluation.pk])).content.decode()
    assert 'data-seek="12.5"' in page and "Не представился" in page
    trainer.post(reverse("coaching:evaluation-submit", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.SUBMITTED


def test_calibration_pages_blind_then_results_side_by_side(world) -> None:
    first, second = world["trainer"], UserFactory(role=Role.TRAINER)
    calls = [CallFactory(), CallFactory()]
    response = client_for(first).post(reverse("coaching:calibration-new"), {
        "name": "Декабрь", "scorecard": world["scorecard"].pk,
        "calls": [call.pk for call in calls],
        "evaluators": [first.pk, second.pk]})
    session = first.calibrations.get()
    assert response.url == reverse("coaching:calibration", args=[session.pk])
    for user, answers in ((first, ["yes", "yes"]), (second, ["yes", "no"])):
        client = client_for(user)
        for call, answer in zip(calls, answers, strict=True):
            client.post(reverse("coaching:calibration-score", args=[session.pk, call.pk]))
            evaluation = Evaluation.objects.get(calibration=session, call=call, evaluator=user)
            services.score_set(score=evaluation.scores.get(), answer=answer, user=user)
            services.evaluation_submit(evaluation=evaluation, user=user)
    theirs = Evaluation.objects.get(calibration=session, call=calls[1], evaluator=second)
    blind = client_for(first)
    assert blind.get(reverse("coaching:evaluation", args=[theirs.pk])).status_code == 404
    assert blind.get(reverse("coaching:calibration", args=[session.pk])).context["results"] is None
    blind.post(reverse("coaching:calibration-close", args=[session.pk]))
    page = blind.get(reverse("coaching:calibration", args=[session.pk]))
    [block] = page.context["results"]
    [row] = block["rows"]
    assert row["agreement"].percent == 50.0
    assert [item["call"] for item in row["differing"]] == [calls[1]]
    assert "data-agreement" in page.content.decode()
    assert blind.get(reverse("coaching:evaluation", args=[theirs.pk])).status_code == 200


def test_menu_offers_evaluations_to_operators_as_their_own(world) -> None:
    page = client_for(world["operator"]).get(reverse("calls:list")).content.decode()
    assert "Мои оценки" in page
    assert "Оценки" in client_for(world["trainer"]).get(reverse("calls:list")).content.decode()


def test_a_trainer_cannot_start_an_evaluation_of_a_missing_call(world) -> None:
    response = client_for(world["trainer"]).post(
        reverse("coaching:evaluation-start"), {"call": 999999, "scorecard": world["scorecard"].pk})
    assert response.status_code == 302
    assert Evaluation.objects.count() == 2


# --- Starting an evaluation: the search and the call's start page ------------------------------


def _searched(user, **params) -> set[int]:
    response = client_for(user).get(reverse("coaching:evaluation-start"), params)
    assert response.status_code == 200
    return {row["call"].pk for row in response.context["rows"]}


def test_search_finds_calls_by_operator_dates_and_tag_within_what_each_person_sees(world) -> None:
    mine, colleague = world["mine"].call, world["colleague"].call
    trainer, manager = world["trainer"], world["manager"]
    assert _searched(trainer) == {mine.pk, colleague.pk}
    # A manager: their teams' calls only, whatever they ask for.
    assert _searched(manager) == {mine.pk}
    assert client_for(manager).get(reverse("coaching:evaluation-start"),
                                   {"operator": colleague.operator_id}).context["rows"] == []
    assert _searched(trainer, operator=colleague.operator_id) == {colleague.pk}
    day = timezone.localdate(mine.started_at)  # the filter counts Moscow days
    Call.objects.filter(pk=colleague.pk).update(started_at=mine.started_at - timedelta(days=3))
    assert _searched(trainer, date_from=day.isoformat(), date_to=day.isoformat()) == {mine.pk}
    tag = TagFactory(code="refund")
    CallTagFactory(call=colleague, tag=tag)
    assert _searched(trainer, tag="refund") == {colleague.pk}
    # Backwards dates: said in Russian, no calls.
    response = client_for(trainer).get(reverse("coaching:evaluation-start"), {
        "date_from": day.isoformat(), "date_to": (day - timedelta(days=1)).isoformat()})
    assert response.context["rows"] == []
    assert "Дата «по» раньше даты «с»." in response.content.decode()


def test_search_rows_link_their_evaluations_and_offer_evaluate_only_to_evaluators(world) -> None:
    mine = world["mine"].call
    html = client_for(world["trainer"]).get(reverse("coaching:evaluation-start")).content.decode()
    start = reverse("coaching:evaluation-start")
    assert f'href="{start}?call={mine.pk}" data-evaluate>Оценить</a>' in html
    assert f'href="{reverse("coaching:evaluations")}?call={mine.pk}">1\u00a0оценка</a>' in html
    assert "Найдено: 2\u00a0звонка" in html
    manager_html = client_for(world["manager"]).get(start).content.decode()
    assert "data-evaluate" not in manager_html and "1\u00a0оценка" in manager_html
    # The evaluations list narrowed to the call shows exactly what was counted.
    listed = client_for(world["manager"]).get(reverse("coaching:evaluations"), {"call": mine.pk})
    assert [evaluation.pk for evaluation in listed.context["evaluations"]] == [world["mine"].pk]
    assert client_for(world["manager"]).get(
        reverse("coaching:evaluations"), {"call": world["colleague"].call_id}).status_code == 404


def test_search_is_paginated(world) -> None:
    operator = world["mine"].call.operator
    for _ in range(30):
        CallFactory(operator=operator)
    first = client_for(world["trainer"]).get(reverse("coaching:evaluation-start"))
    assert len(first.context["rows"]) == 25 and first.context["page"].paginator.count == 32
    second = client_for(world["trainer"]).get(reverse("coaching:evaluation-start"), {"page": 2})
    assert len(second.context["rows"]) == 7
    assert 'rel="next"' in first.content.decode()


def test_operator_can_neither_search_nor_start(world) -> None:
    operator = client_for(world["operator"])
    own = world["mine"].call
    assert operator.get(reverse("coaching:evaluation-start")).status_code == 403
    assert operator.get(reverse("coaching:evaluation-start"), {"call": own.pk}).status_code == 403
    assert operator.post(reverse("coaching:evaluation-start"),
                         {"call": own.pk, "scorecard": world["scorecard"].pk}).status_code == 403
    manager = client_for(world["manager"])
    assert manager.get(reverse("coaching:evaluation-start"), {"call": own.pk}).status_code == 403
    assert Evaluation.objects.count() == 2


def test_start_page_of_a_call_offers_the_scorecard_and_the_evaluators_drafts(world) -> None:
    trainer = client_for(world["trainer"])
    call = world["mine"].call
    url = reverse("coaching:evaluation-start")
    page = trainer.get(url, {"call": call.pk})
    html = page.content.decode()
    # One active scorecard: already chosen; the call is a hidden field.
    assert f'<option value="{world["scorecard"].pk}" selected>' in html
    assert f'<input type="hidden" name="call" value="{call.pk}"' in html
    assert 'class="form-grid"' in html and "data-drafts" not in html
    response = trainer.post(url, {"call": call.pk, "scorecard": world["scorecard"].pk})
    draft = Evaluation.objects.latest("pk")
    assert response.url == reverse("coaching:evaluation", args=[draft.pk])
    html = trainer.get(url, {"call": call.pk}).content.decode()
    assert "data-drafts" in html and reverse("coaching:evaluation", args=[draft.pk]) in html
    # Missing, malformed or unchosen: Russian answers, nothing started.
    assert trainer.get(url, {"call": 999999}).status_code == 404
    assert trainer.get(url, {"call": "abc"}).status_code == 404
    refused = trainer.post(url, {"call": call.pk, "scorecard": "x"})
    assert refused.status_code == 200
    assert "Такого действующего оценочного листа нет." in refused.content.decode()
    assert Evaluation.objects.count() == 3


def test_a_manager_cannot_start_from_another_teams_call(world) -> None:
    # A trainer sees every call; a manager never starts anything.
    outsider = world["colleague"].call
    response = client_for(world["trainer"]).get(reverse("coaching:evaluation-start"),
                                                 {"call": outsider.pk})
    assert response.status_code == 200
