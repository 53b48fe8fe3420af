"""POST /api/v1/sidebar/events: the operator from the login, the call linked when known."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from calls.models import Operator
from project.roles import Role
from scripts_library.models import SidebarEvent
from tests.factories import CallFactory, OperatorFactory, ResponseBlockFactory, UserFactory
from tests.scripts_library.sidebar.test_api import token_client

EVENTS = "/api/v1/sidebar/events"

pytestmark = pytest.mark.django_db


def test_the_operator_comes_from_the_token_and_a_known_call_is_linked(operator: Operator) -> None:
    block = ResponseBlockFactory()
    call = CallFactory(external_id="CRM-1", operator=operator)
    other = OperatorFactory()
    client = token_client(operator.user)  # type: ignore[arg-type]
    # Naming another operator is refused, not silently ignored (issue 15 §6: unknown fields).
    refused = client.post(EVENTS, {"kind": "inserted", "block": block.pk, "call": "CRM-1",
                                   "operator": other.code}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith("operator: Неизвестное поле")
    response = client.post(EVENTS, {"kind": "inserted", "block": block.pk, "call": "CRM-1"},
                           format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["operator"] == operator.code
    assert body["call_linked"] is True
    assert body["objection"] == block.objection.code
    event = SidebarEvent.objects.get(pk=body["id"])
    assert (event.operator, event.user, event.call, event.kind) == (
        operator, operator.user, call, "inserted")
    assert event.objection == block.objection


def test_an_event_for_a_call_not_yet_arrived_is_linked_when_it_arrives(
    operator: Operator,
) -> None:
    block = ResponseBlockFactory()
    client = token_client(operator.user)  # type: ignore[arg-type]
    body = client.post(EVENTS, {"kind": "shown", "block": block.pk, "call": "CRM-LATER"},
                       format="json").json()
    assert body["call_linked"] is False
    assert body["call"] == "CRM-LATER"
    call = CallFactory(external_id="CRM-LATER", operator=operator)
    assert SidebarEvent.objects.get(pk=body["id"]).call == call


def test_a_colleagues_call_is_neither_linked_nor_revealed(operator: Operator) -> None:
    """The answer's call_linked would tell an operator that a colleague's call exists, and the
    colleague's call would count this operator's hints: only one's own call is linked."""
    block = ResponseBlockFactory()
    colleague = OperatorFactory(team=operator.team)
    CallFactory(external_id="CRM-COLLEAGUE", operator=colleague)
    client = token_client(operator.user)  # type: ignore[arg-type]
    body = client.post(EVENTS, {"kind": "inserted", "block": block.pk, "call": "CRM-COLLEAGUE"},
                       format="json").json()
    assert body["call_linked"] is False
    assert SidebarEvent.objects.get(pk=body["id"]).call is None


def test_a_call_arriving_later_takes_only_its_operators_events(operator: Operator) -> None:
    block = ResponseBlockFactory()
    colleague = OperatorFactory()
    for who in (operator, colleague):
        token_client(who.user).post(  # type: ignore[arg-type]
            EVENTS, {"kind": "shown", "block": block.pk, "call": "CRM-SHARED-ID"}, format="json")
    call = CallFactory(external_id="CRM-SHARED-ID", operator=operator)
    assert {event.operator: event.call for event in SidebarEvent.objects.all()} == {
        operator: call, colleague: None}
    CallFactory(external_id="CRM-NOBODY", operator=None)
    token_client(operator.user).post(  # type: ignore[arg-type]
        EVENTS, {"kind": "shown", "block": block.pk, "call": "CRM-NOBODY"}, format="json")
    assert SidebarEvent.objects.filter(call_external_id="CRM-NOBODY").get().call is None


def test_without_a_call_and_with_a_time(operator: Operator) -> None:
    block = ResponseBlockFactory()
    at = timezone.now() - timedelta(hours=1)
    response = token_client(operator.user).post(  # type: ignore[arg-type]
        EVENTS, {"kind": "copied", "block": block.pk, "at": at.isoformat()}, format="json")
    assert response.status_code == 201
    event = SidebarEvent.objects.get()
    assert event.at == at
    assert event.call is None and event.call_external_id == ""


@pytest.mark.parametrize("body", [
    {"kind": "liked", "block": 1}, {"kind": "shown"}, {"kind": "shown", "block": "1"},
    {"kind": "shown", "block": 999999}, {"kind": "shown", "block": 2**63},
    {"kind": "shown", "block": 1, "at": "вчера"},
    {"kind": "shown", "block": 1, "at": "2001-01-01T00:00:00Z"},
    {"kind": "shown", "block": 1, "at": "2999-01-01T00:00:00Z"},
])
def test_bad_events_are_400s(operator: Operator, body: dict[str, object]) -> None:
    ResponseBlockFactory(pk=1)
    response = token_client(operator.user).post(EVENTS, body, format="json")  # type: ignore[arg-type]
    assert response.status_code == 400
    assert response.json()["error"]["message"]
    assert not SidebarEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN, Role.MANAGER, None])
def test_only_operators_record_events(role: Role | None) -> None:
    block = ResponseBlockFactory()
    response = token_client(UserFactory(role=role)).post(
        EVENTS, {"kind": "shown", "block": block.pk}, format="json")
    assert response.status_code == 403
    # A user with no role is refused before the view (project/access.py).
    assert response.json()["error"]["code"] == ("no_role" if role is None else "permission_denied")
    assert not SidebarEvent.objects.exists()


def test_an_operator_role_without_an_operator_card_cannot_record() -> None:
    block = ResponseBlockFactory()
    response = token_client(UserFactory(role=Role.OPERATOR)).post(
        EVENTS, {"kind": "shown", "block": block.pk}, format="json")
    assert response.status_code == 403


def test_events_need_a_login() -> None:
    block = ResponseBlockFactory()
    assert APIClient().post(EVENTS, {"kind": "shown", "block": block.pk},
                            format="json").status_code == 401
