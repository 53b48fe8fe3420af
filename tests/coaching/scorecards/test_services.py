from __future__ import annotations

import pytest

from coaching.models import ScorecardTemplate
from coaching.scorecards.services import CriterionFields, scorecard_save
from project.errors import DomainError
from tests.factories import CriterionFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_a_scorecard_is_saved_with_its_criteria_in_order() -> None:
    skill = SkillFactory()
    scorecard = scorecard_save(scorecard=None, name="  Лист ", active=True, criteria=[
        CriterionFields(pk=None, name="Итог", weight=2, skill=None),
        CriterionFields(pk=None, name="Потребность", weight=3, skill=skill)])
    assert scorecard.name == "Лист"
    assert [(c.name, c.order, c.skill) for c in scorecard.criteria.all()] == [
        ("Итог", 1, None), ("Потребность", 2, skill)]


@pytest.mark.parametrize(("criteria", "code"), [
    ([], "criteria"),
    ([CriterionFields(pk=None, name="А", weight=0, skill=None)], "weight"),
    ([CriterionFields(pk=None, name="А", weight=101, skill=None)], "weight"),
    ([CriterionFields(pk=None, name="А", weight=1, skill=None),
      CriterionFields(pk=None, name=" а", weight=1, skill=None)], "criterion_name"),
])
def test_bad_criteria_are_refused(criteria: list[CriterionFields], code: str) -> None:
    with pytest.raises(DomainError) as refused:
        scorecard_save(scorecard=None, name="Лист", active=True, criteria=criteria)
    assert refused.value.code == code
    assert not ScorecardTemplate.objects.exists()


def test_a_criterion_of_another_scorecard_is_refused() -> None:
    foreign = CriterionFactory()
    scorecard = CriterionFactory().template
    with pytest.raises(DomainError) as refused:
        scorecard_save(scorecard=scorecard, name=scorecard.name, active=True, criteria=[
            CriterionFields(pk=foreign.pk, name="Чужой", weight=1, skill=None)])
    assert refused.value.code == "criterion"
    foreign.refresh_from_db()
    assert foreign.name != "Чужой"
