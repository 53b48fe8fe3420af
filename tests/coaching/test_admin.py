import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from coaching import models
from coaching.models import SkillResult
from project.roles import Role
from tests.factories import (
    CriterionFactory,
    SkillFactory,
    SkillPhraseFactory,
    SkillResultFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    return UserFactory(role=Role.ADMIN, is_staff=True)


def test_every_model_is_in_the_admin_phrases_and_criteria_inline() -> None:
    inline = {"SkillPhrase", "Criterion", "CriterionScore", "EvaluationComment",
              "ReportComment"}
    for name in set(models.__all__) - inline:
        assert getattr(models, name) in admin.site._registry, name


def test_admin_pages_open_and_results_are_read_only(staff: User) -> None:
    skill = SkillFactory(code="greeting")
    SkillPhraseFactory(skill=skill)
    criterion = CriterionFactory(skill=skill)
    result = SkillResultFactory(skill=skill)
    client = client_for(staff)
    for url in (
        reverse("admin:coaching_skill_change", args=[skill.pk]),
        reverse("admin:coaching_scorecardtemplate_change", args=[criterion.template.pk]),
        reverse("admin:coaching_skillresult_changelist"),
        reverse("admin:coaching_skillresult_change", args=[result.pk]),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:coaching_skill_change", args=[skill.pk])).content.decode()
    assert 'name="code"' not in page  # the code is set once
    assert client.get(reverse("admin:coaching_skillresult_add")).status_code == 403
    assert SkillResult.objects.count() == 1


def test_a_bad_phrase_is_refused_in_the_admin(staff: User) -> None:
    skill = SkillFactory(code="greeting", name="Приветствие")
    data = {
        "name": "Приветствие", "description": "", "kind": "phrases", "active": "on",
        "order": "0",
        "phrases-TOTAL_FORMS": "1", "phrases-INITIAL_FORMS": "0",
        "phrases-0-text": "добрый день", "phrases-0-speaker": "operator",
        "phrases-0-max_gap": "1", "phrases-0-window_kind": "first",
        "phrases-0-window_seconds": "", "phrases-0-is_active": "on",
    }
    url = reverse("admin:coaching_skill_change", args=[skill.pk])
    response = client_for(staff).post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert not skill.phrases.exists()
