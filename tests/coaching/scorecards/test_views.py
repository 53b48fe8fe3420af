"""Scorecard pages: trainers and admins create and edit them (criteria with weights, tied to a
skill or free-standing) with Russian validation; others read them; a criterion already scored is
not deleted."""

from __future__ import annotations

from typing import Any

import pytest

from coaching.models import Criterion, CriterionScore, Evaluation, ScorecardTemplate
from project.roles import Role
from tests.factories import (
    CallFactory,
    CriterionFactory,
    SkillFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


def _rows(*rows: dict[str, Any], initial: int = 0, extra: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {"criteria-TOTAL_FORMS": str(len(rows) + extra),
                            "criteria-INITIAL_FORMS": str(initial),
                            "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{index}-{key}"] = value
    return data


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_a_trainer_creates_a_scorecard_with_weighted_criteria(role: Role) -> None:
    skill = SkillFactory(name="Уточнение потребности")
    client = client_for(UserFactory(role=role))
    assert client.get("/coaching/scorecards/new/").status_code == 200
    response = client.post("/coaching/scorecards/new/", {
        "name": "Входящий звонок", "active": "on",
        **_rows({"name": "Выяснил потребность", "weight": "3", "skill": skill.pk},
                {"name": "Доброжелательный тон", "weight": "1", "skill": ""}, extra=2)})
    scorecard = ScorecardTemplate.objects.get(name="Входящий звонок")
    assert response.status_code == 302 and response.url == f"/coaching/scorecards/{scorecard.pk}/"
    assert [(c.name, c.weight, c.skill, c.order) for c in scorecard.criteria.all()] == [
        ("Выяснил потребность", 3, skill, 1), ("Доброжелательный тон", 1, None, 2)]
    page = client.get(f"/coaching/scorecards/{scorecard.pk}/").content.decode()
    assert "75%" in page and "25%" in page and "без навыка — оценивает человек" in page


def test_validation_speaks_russian() -> None:
    skill = SkillFactory()
    client = client_for(UserFactory(role=Role.TRAINER))
    nothing = client.post("/coaching/scorecards/new/", {"name": "", **_rows(extra=3)})
    assert nothing.status_code == 400
    html = nothing.content.decode()
    assert "Укажите название оценочного листа." in html
    assert "В оценочном листе нужен хотя бы один критерий." in html
    heavy = client.post("/coaching/scorecards/new/", {
        "name": "Лист", **_rows({"name": "Критерий", "weight": "0"},
                                {"name": "Без веса", "weight": ""})})
    assert heavy.status_code == 400
    assert "Вес — от 1 до 100." in heavy.content.decode()
    assert "Укажите вес от 1 до 100." in heavy.content.decode()
    twice = client.post("/coaching/scorecards/new/", {
        "name": "Лист", **_rows({"name": "А", "weight": "1", "skill": skill.pk},
                                {"name": "Б", "weight": "1", "skill": skill.pk})})
    assert "Один навык — один критерий" in twice.content.decode()
    same = client.post("/coaching/scorecards/new/", {
        "name": "Лист", **_rows({"name": "А", "weight": "1"}, {"name": "а", "weight": "2"})})
    assert "не должны повторяться" in same.content.decode()
    CriterionFactory(template__name="Занято")
    taken = client.post("/coaching/scorecards/new/", {
        "name": "Занято", **_rows({"name": "А", "weight": "1"})})
    assert taken.status_code == 400 and "«Занято» уже есть" in taken.content.decode()
    assert not ScorecardTemplate.objects.filter(name="Лист").exists()


def test_editing_renames_reweights_adds_and_deletes_but_keeps_a_scored_criterion() -> None:
    scored = CriterionFactory(name="Поздоровался", weight=1)
    scorecard = scored.template
    spare = CriterionFactory(template=scorecard, name="Лишний", weight=2)
    evaluation = Evaluation.objects.create(call=CallFactory(), scorecard=scorecard,
                                           evaluator=UserFactory(role=Role.TRAINER))
    CriterionScore.objects.create(evaluation=evaluation, criterion=scored, answer="yes")
    client = client_for(UserFactory(role=Role.TRAINER))
    form = client.get(f"/coaching/scorecards/{scorecard.pk}/edit/")
    assert form.status_code == 200 and "Поздоровался" in form.content.decode()
    base = {"name": "Новое имя", "active": "on"}
    refused = client.post(f"/coaching/scorecards/{scorecard.pk}/edit/", {**base, **_rows(
        {"id": scored.pk, "name": "Поздоровался", "weight": "1", "DELETE": "on"},
        {"id": spare.pk, "name": "Лишний", "weight": "2"}, initial=2)})
    assert refused.status_code == 400
    assert "уже использован в 1\u00a0оценке" in refused.content.decode()
    assert Criterion.objects.filter(pk=scored.pk).exists()
    saved = client.post(f"/coaching/scorecards/{scorecard.pk}/edit/", {**base, **_rows(
        {"id": scored.pk, "name": "Поздоровался и представился", "weight": "2"},
        {"id": spare.pk, "name": "Лишний", "weight": "2", "DELETE": "on"},
        {"name": "Подвёл итог", "weight": "3"}, initial=2, extra=1)})
    assert saved.status_code == 302
    scorecard.refresh_from_db()
    assert scorecard.name == "Новое имя"
    assert [(c.pk == scored.pk, c.name, c.weight) for c in scorecard.criteria.all()] == [
        (True, "Поздоровался и представился", 2), (False, "Подвёл итог", 3)]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OPERATOR])
def test_others_read_scorecards_but_cannot_change_them(role: Role) -> None:
    criterion = CriterionFactory(name="Поздоровался")
    client = client_for(UserFactory(role=role))
    listing = client.get("/coaching/scorecards/")
    assert listing.status_code == 200
    assert criterion.template.name in listing.content.decode()
    assert "data-scorecard-new" not in listing.content.decode()
    detail = client.get(f"/coaching/scorecards/{criterion.template.pk}/").content.decode()
    assert "Поздоровался" in detail and "data-scorecard-edit" not in detail
    assert client.get("/coaching/scorecards/new/").status_code == 403
    assert client.post("/coaching/scorecards/new/", {"name": "Х"}).status_code == 403
    assert client.post(f"/coaching/scorecards/{criterion.template.pk}/edit/",
                       {"name": "Х"}).status_code == 403


def test_no_role_no_scorecards_and_the_navigation_links_them() -> None:
    assert client_for(UserFactory()).get("/coaching/scorecards/").status_code == 403
    page = client_for(UserFactory(role=Role.TRAINER)).get("/coaching/scorecards/")
    assert 'href="/coaching/scorecards/" aria-current="page"' in page.content.decode()
    assert client_for(UserFactory(role=Role.TRAINER)).get(
        "/coaching/scorecards/999999/").status_code == 404
