from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from calls.models import Operator
from calls.roles import Role
from tests.factories import OperatorFactory, TeamFactory, UserFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def operator(db: None) -> Operator:
    return OperatorFactory()


@pytest.fixture
def other_operator(db: None) -> Operator:
    return OperatorFactory()


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(username="admin-user", role=Role.ADMIN)


@pytest.fixture
def trainer_user(db: None) -> User:
    return UserFactory(username="trainer-user", role=Role.TRAINER)


@pytest.fixture
def manager_user(db: None) -> User:
    return UserFactory(username="manager-user", role=Role.MANAGER)


@pytest.fixture
def managed_operator(manager_user: User) -> Operator:
    return OperatorFactory(team=TeamFactory(manager=manager_user))
