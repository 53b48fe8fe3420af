"""scripts_library/editor/history.py: versions compared field by field, in words."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from scripts_library.editor.history import versions_of
from scripts_library.library import services
from tests.factories import ObjectionFactory, ObjectionThemeFactory

pytestmark = pytest.mark.django_db


def test_each_version_says_what_changed_and_who_changed_it(trainer_user: User) -> None:
    objection = ObjectionFactory(name="Дорого", description="")
    other_theme = ObjectionThemeFactory(name="Бюджет")
    services.objection_update(objection=objection, theme=other_theme, name="Слишком дорого",
                              description="Цена", user=trainer_user)
    services.objection_retire(objection=objection, user=trainer_user)

    retired, renamed, created = versions_of(objection)

    assert retired.is_current and not renamed.is_current
    assert [(c.label, c.old, c.new) for c in retired.changes] == \
        [("Состояние", "действует", "выведено")]
    assert retired.user == trainer_user and retired.action == "изменено"
    changes = {c.label: (c.old, c.new) for c in renamed.changes}
    assert changes["Название"] == ("Дорого", "Слишком дорого")
    assert changes["Тема"][1] == "Бюджет"
    assert changes["Описание"] == ("—", "Цена")
    assert created.action == "создано"
    assert {c.label for c in created.changes} >= {"Код", "Название", "Тема", "Состояние"}
