"""Who sees which personal report."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from coaching.reports.queries import reports_visible_to
from project.roles import Role
from tests.coaching.competency.conftest import Competency
from tests.factories import PersonalReportFactory, UserFactory


def test_reports_visible_per_role(competency: Competency) -> None:
    shared = PersonalReportFactory(operator=competency.a, shared_at=timezone.now())
    draft = PersonalReportFactory(operator=competency.a)
    colleague = PersonalReportFactory(operator=competency.b, shared_at=timezone.now())
    other_team = PersonalReportFactory(operator=competency.d, shared_at=timezone.now())

    def seen(user: User) -> set[int]:
        return set(reports_visible_to(user).values_list("pk", flat=True))

    assert seen(competency.a.user) == {shared.pk}
    assert seen(competency.team.manager) == {shared.pk, draft.pk, colleague.pk}
    assert seen(competency.other_team.manager) == {other_team.pk}
    everything = {shared.pk, draft.pk, colleague.pk, other_team.pk}
    assert seen(UserFactory(role=Role.TRAINER)) == everything
    assert seen(UserFactory(role=Role.ADMIN)) == everything
    assert seen(UserFactory()) == set()
