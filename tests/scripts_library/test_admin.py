"""scripts_library/admin.py: every model is in the admin, history is kept, analysis output is
read-only, and a trigger phrase is checked by the phrase engine."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from project.roles import Role
from scripts_library import models
from scripts_library.models import Objection, ObjectionHit, ResponseBlock, SidebarEvent
from tests.factories import ObjectionFactory, ResponseBlockFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> object:
    return UserFactory(role=Role.ADMIN, is_staff=True)


def test_every_model_is_registered_and_history_models_use_history_admin() -> None:
    for name in models.__all__:
        assert getattr(models, name) in admin.site._registry, name
    for model in (Objection, ResponseBlock, models.ObjectionPhrase):
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


def test_pages_open_for_an_admin(staff: object) -> None:
    block = ResponseBlockFactory()
    client = client_for(staff)
    for model in (Objection, ResponseBlock, ObjectionHit, SidebarEvent, models.ObjectionTheme,
                  models.ExemplarDialog, models.LibraryReview, models.ReviewSuggestion,
                  models.ObjectionPhrase):
        url = reverse(f"admin:scripts_library_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model
    change = reverse("admin:scripts_library_objection_change", args=[block.objection.pk])
    html = client.get(change).content.decode()
    assert block.text in html  # the blocks inline
    history = reverse("admin:scripts_library_objection_history", args=[block.objection.pk])
    assert client.get(history).status_code == 200
    assert client.get(reverse("admin:scripts_library_objectionhit_add")).status_code == 403


def test_a_phrase_is_checked_by_the_engine(staff: object) -> None:
    objection = ObjectionFactory()
    response = client_for(staff).post(reverse("admin:scripts_library_objectionphrase_add"), {
        "objection": objection.pk, "text": "«дорого", "speaker": "customer", "max_gap": 1,
        "window_kind": "none", "is_active": "on",
    })
    assert response.status_code == 200 and "Незакрытая кавычка" in response.content.decode()
    assert not objection.phrases.exists()
