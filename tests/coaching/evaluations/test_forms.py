"""Calibration form: the evaluators are named by full name."""

from __future__ import annotations

import pytest

from coaching.evaluations.forms import CalibrationForm
from project.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_evaluators_are_named_by_full_name_or_login_without_one() -> None:
    trainer = UserFactory(role=Role.TRAINER, username="trainer", first_name="Ольга",
                          last_name="Никитина")
    admin = UserFactory(role=Role.ADMIN, username="admin", first_name="", last_name="")
    labels = dict(CalibrationForm(user=trainer).fields["evaluators"].choices)  # type: ignore[attr-defined]
    assert {labels[trainer.pk], labels[admin.pk]} == {"Ольга Никитина", "admin"}
