"""Which teams a person coaches."""

from __future__ import annotations

import pytest

from coaching.teams import teams_for
from project.roles import Role
from tests.factories import TeamFactory, UserFactory


@pytest.mark.django_db
def test_trainers_and_admins_all_a_manager_theirs_an_operator_none() -> None:
    manager = UserFactory(role=Role.MANAGER)
    mine = TeamFactory(name="А", manager=manager)
    other = TeamFactory(name="Б", manager=UserFactory(role=Role.MANAGER))
    for role in (Role.TRAINER, Role.ADMIN):
        assert set(teams_for(UserFactory(role=role))) == {mine, other}
    assert list(teams_for(manager)) == [mine]
    assert list(teams_for(UserFactory(role=Role.OPERATOR))) == []
