"""The findings API: list with filters, open with strict input, one finding, the steps with
their 403/409 answers, callbacks; role rules and ids past the column's range."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import CallShare, Change, Department, Finding, FindingCallback
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    api_client_for,
)
from tests.factories_findings import DepartmentFactory, FindingFactory, department_member

pytestmark = pytest.mark.django_db
Status = Finding.Status
URL = "/api/v1/findings/"


@pytest.fixture
def dev() -> Department:
    return DepartmentFactory(name="Разработка", code="dev")


@pytest.fixture
def manager() -> User:
    return UserFactory(role=Role.MANAGER)


def _due(days: int = 7) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_open_a_finding(dev: Department, manager: User) -> None:
    mine = CallFactory(operator=OperatorFactory(team=TeamFactory(manager=manager)))
    foreign = CallFactory()
    TagFactory(code="navigation")
    response = api_client_for(manager).post(URL, {
        "title": "Неудобная навигация", "department": "dev", "due_on": _due(),
        "tag": "navigation", "calls": [mine.pk, foreign.pk], "source": "top_problem",
        "source_ref": "date_from=2026-11-01",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["calls"] == [mine.pk] and body["tag"]["code"] == "navigation"
    assert body["status"] == "open" and body["group"] == "open"
    assert body["department"] == {"code": "dev", "name": "Разработка"}
    assert [e["status"] for e in body["events"]] == ["open"]
    assert CallShare.objects.filter(call=mine, department=dev).exists()


@pytest.mark.parametrize("body, field", [
    ({"title": "x", "department": "nope", "due_on": _due()}, "department"),
    ({"title": "x", "department": "dev", "due_on": "2000-01-01"}, None),
    ({"title": "x", "department": "dev", "due_on": _due(), "calls": ["5"]}, "calls"),
    ({"title": "x", "department": "dev", "due_on": _due(), "calls": [2**63]}, "calls"),
    ({"title": "x", "department": "dev", "due_on": _due(), "calls": [True]}, "calls"),
    ({"title": "x", "department": "dev", "due_on": _due(), "tag": 5}, "tag"),
    ({"title": "x", "department": "dev", "due_on": _due(), "source": "rumour"}, "source"),
    ({"title": "x", "department": "dev", "due_on": _due(), "limt": 1}, "limt"),
    ({"title": "", "department": "dev", "due_on": _due()}, "title"),
])
def test_open_refuses_bad_input(dev: Department, manager: User, body: dict[str, object],
                                field: str | None) -> None:
    response = api_client_for(manager).post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    if field is not None:
        assert field in error["details"]
    else:
        assert error["message"] == "Срок не может быть в прошлом."
    assert not Finding.objects.exists()


def test_who_may_open_and_read(dev: Department) -> None:
    finding = FindingFactory(department=dev)
    other = FindingFactory(department=DepartmentFactory(code="billing"))
    body = {"title": "x", "department": "dev", "due_on": _due()}
    for role in (Role.OPERATOR, Role.TRAINER):
        client = api_client_for(UserFactory(role=role))
        assert client.get(URL).status_code == 403
        assert client.get(f"{URL}{finding.pk}/").status_code == 403
        assert client.post(URL, body, format="json").status_code == 403
    member = api_client_for(department_member(dev))
    assert [f["id"] for f in member.get(URL).json()["results"]] == [finding.pk]
    assert member.get(f"{URL}{other.pk}/").status_code == 404
    assert member.post(f"{URL}{other.pk}/start/").status_code == 404
    assert member.post(URL, body, format="json").status_code == 403


def test_list_filters(dev: Department, manager: User) -> None:
    today = timezone.localdate()
    late = FindingFactory(department=dev, due_on=today - timedelta(days=1))
    FindingFactory(department=dev)
    billing = FindingFactory(department=DepartmentFactory(code="billing"))
    client = api_client_for(manager)
    assert [f["id"] for f in client.get(URL, {"status": "overdue"}).json()["results"]] == [
        late.pk]
    assert late.pk in [f["id"] for f in client.get(URL).json()["results"]]
    assert [f["id"] for f in client.get(URL, {"department": "billing"}).json()[
        "results"]] == [billing.pk]
    assert client.get(URL, {"status": ""}).status_code == 400
    assert client.get(URL, {"status": "lost"}).status_code == 400
    assert client.get(URL, {"department": "nope"}).json()["results"] == []


def test_the_steps_through_the_api(dev: Department, manager: User) -> None:
    tag = TagFactory(code="navigation")
    finding = FindingFactory(department=dev, tag=tag)
    member = api_client_for(department_member(dev))
    response = member.post(f"{URL}{finding.pk}/start/")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    assert member.post(f"{URL}{finding.pk}/start/").json()["error"]["code"] == "not_open"
    assert member.post(f"{URL}{finding.pk}/start/").status_code == 409
    assert member.post(f"{URL}{finding.pk}/decline/", {"reason": "нет"},
                       format="json").status_code == 403
    assert member.post(f"{URL}{finding.pk}/done/", {}, format="json").status_code == 400
    done = member.post(f"{URL}{finding.pk}/done/", {"what_changed": "Упростили меню"},
                       format="json")
    assert done.status_code == 200
    body = done.json()
    change = Change.objects.get()
    assert body["change"]["id"] == change.pk and body["change"]["title"] == "Упростили меню"
    assert list(change.tags.all()) == [tag]
    assert api_client_for(manager).post(f"{URL}{finding.pk}/due/", {"due_on": _due()},
                                        format="json").status_code == 409


def test_decline_and_due(dev: Department, manager: User) -> None:
    finding = FindingFactory(department=dev)
    client = api_client_for(manager)
    moved = client.post(f"{URL}{finding.pk}/due/", {"due_on": _due(30)}, format="json")
    assert moved.status_code == 200 and moved.json()["due_on"] == _due(30)
    assert client.post(f"{URL}{finding.pk}/due/", {"due_on": "2000-01-01"},
                       format="json").status_code == 400
    declined = client.post(f"{URL}{finding.pk}/decline/", {"reason": "Дубль"}, format="json")
    assert declined.json()["status"] == "declined"
    assert declined.json()["events"][-1]["note"] == "Дубль"


def test_ids_past_the_range_and_unknown_ones_are_404(manager: User) -> None:
    client = api_client_for(manager)
    for pk in (2**63, 2**64, 999999):
        assert client.get(f"{URL}{pk}/").status_code == 404
        assert client.post(f"{URL}{pk}/start/").status_code == 404
        assert client.post(f"{URL}{pk}/done/", {"what_changed": "x"},
                           format="json").status_code == 404


def test_callbacks(dev: Department) -> None:
    admin = UserFactory(role=Role.ADMIN)
    tag = TagFactory(code="navigation")
    call = CallFactory(customer_key="secret-key", customer_phone_masked="+7 *** ***-11-22")
    CallTagFactory(call=call, tag=tag)
    finding = FindingFactory(department=dev, tag=tag)
    client = api_client_for(admin)
    assert client.get(f"{URL}{finding.pk}/callbacks/").json() == {
        "available": False, "customers": []}
    client.post(f"{URL}{finding.pk}/done/", {"what_changed": "Починили"}, format="json")
    body = client.get(f"{URL}{finding.pk}/callbacks/").json()
    assert body["available"] is True
    assert [(c["phone"], c["latest_call"], c["called_back_at"]) for c in body["customers"]] == [
        ("+7 *** ***-11-22", call.pk, None)]
    assert "secret-key" not in str(body)
    marked = client.post(f"{URL}{finding.pk}/callbacks/", {"call": call.pk, "note": "ок"},
                         format="json")
    assert marked.status_code == 201 and marked.json()["customers"][0]["note"] == "ок"
    assert FindingCallback.objects.count() == 1
    assert client.post(f"{URL}{finding.pk}/callbacks/", {"call": call.pk},
                       format="json").status_code == 409
    assert client.post(f"{URL}{finding.pk}/callbacks/", {"call": 2**63},
                       format="json").status_code == 400
    assert client.post(f"{URL}{finding.pk}/callbacks/", {"call": "5"},
                       format="json").status_code == 400


def test_the_schema_documents_the_findings_api(admin_user: User) -> None:
    response = api_client_for(admin_user).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/findings/", "/api/v1/findings/{id}/", "/api/v1/findings/{id}/done/",
            "/api/v1/findings/{id}/callbacks/"} <= set(paths)
    assert "409" in paths["/api/v1/findings/{id}/start/"]["post"]["responses"]
