from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.http.response import HttpResponseBase
from rest_framework.test import APIClient

from calls.models import Call, KeyPhrase, Operator
from calls.taxonomy.tagging import calls_autotag
from project.roles import Role
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    OperatorFactory,
    SegmentFactory,
    TeamFactory,
    UserFactory,
)


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


@pytest.fixture
def run_command() -> Callable[..., str]:
    """Run a management command; returns what it wrote to stdout (stderr is dropped)."""

    def run(*args: str) -> str:
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO())
        return out.getvalue()

    return run


@pytest.fixture
def listed() -> Callable[[HttpResponseBase], set[str]]:
    """The external ids of the calls a call list page shows."""

    def external_ids(response: HttpResponseBase) -> set[str]:
        assert response.status_code == 200
        return {call.external_id for call in response.context["page"].object_list}  # type: ignore[attr-defined]

    return external_ids


@pytest.fixture
def tagged(
    operator: Operator, other_operator: Operator
) -> tuple[KeyPhrase, Call, Call, Call]:
    """A long-wait phrase; the operator's tagged and untagged calls; another's tagged call."""
    phrase = KeyPhraseFactory(text="ждал на линии", speaker="customer",
                              tag__code="long_wait", tag__name="Долгое ожидание")
    mine = CallFactory(operator=operator)
    SegmentFactory(call=mine, index=0, speaker="operator", start=0, end=2, text="Слушаю вас")
    SegmentFactory(call=mine, index=1, speaker="customer", start=3, end=8,
                   text="Я ждала на линии полчаса!")
    untagged = CallFactory(operator=operator)
    SegmentFactory(call=untagged, index=0, speaker="customer", text="Всё хорошо, спасибо")
    foreign = CallFactory(operator=other_operator)
    SegmentFactory(call=foreign, index=0, speaker="customer", text="ждали на линии весь день")
    calls_autotag(call_ids=[mine.pk, untagged.pk, foreign.pk])
    return phrase, mine, untagged, foreign
