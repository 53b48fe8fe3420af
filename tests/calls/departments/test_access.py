"""Who reads what: a department member opens exactly the calls sent to the department (the call
page, its audio, the call list and the calls API) and nothing else; the pages' role rules."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from calls.departments.alerts import alerts_check
from calls.departments.reports import report_send
from calls.departments.sharing import share_calls
from calls.models import CallShare, Department, OutgoingEmail
from calls.weeks import Week
from coaching.models import Skill, SkillResult
from project.roles import Role
from tests.factories import (
    CallFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    api_client_for,
    call_with_audio,
    client_for,
)
from tests.factories_departments import DepartmentFactory, department_member, tagged_call

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")  # the site's time zone (settings.TIME_ZONE)

NOW = datetime(2026, 3, 11, 16, tzinfo=MSK)


def test_share_calls_is_idempotent_and_keeps_the_first_reason() -> None:
    department = DepartmentFactory()
    calls = CallFactory.create_batch(2)
    assert share_calls(department=department, call_ids=[calls[0].pk], reason="alert") == 1
    share_calls(department=department, call_ids=[c.pk for c in calls] * 2, reason="report")
    assert dict(CallShare.objects.values_list("call_id", "reason")) == {
        calls[0].pk: "alert", calls[1].pk: "report"}


def test_a_member_opens_exactly_the_calls_of_the_alert() -> None:
    tag = TagFactory()
    member = department_member()
    department = DepartmentFactory(tags=[tag], members=[member])
    operator = OperatorFactory()
    alerted = [call_with_audio(operator) for _ in range(3)]
    for call in alerted:
        call.started_at = NOW.replace(hour=10)
        call.save()
        call.call_tags.create(tag=tag, source="auto")
    other = call_with_audio(operator)  # same operator, same tag, another day: not sent
    other.call_tags.create(tag=tag, source="auto")
    (alert,) = alerts_check(now=NOW)
    assert alert.department == department
    # The member's own SkillResult-free page: coaching's panel is not shown to a department.
    skill = Skill.objects.create(code="greet", name="Приветствие")
    SkillResult.objects.create(call=alerted[0], skill=skill, status="shown")

    client = client_for(member)
    for call in alerted:
        page = client.get(reverse("calls:detail", args=[call.pk]))
        assert page.status_code == 200
        assert "data-call-scorecard" not in page.content.decode()
        assert client.get(reverse("calls:audio", args=[call.pk])).status_code in (200, 206)
    assert client.get(reverse("calls:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("calls:audio", args=[other.pk])).status_code == 404
    listing = client.get(reverse("calls:list")).content.decode()
    for call in alerted:
        assert f"/calls/{call.pk}/" in listing
    assert f"/calls/{other.pk}/" not in listing
    api = api_client_for(member).get("/api/v1/calls/")
    assert api.status_code == 200
    ids = {row["id"] for row in api.json()["results"]}
    assert ids == {c.pk for c in alerted}


def test_a_member_of_another_department_opens_none_of_them() -> None:
    tag = TagFactory()
    DepartmentFactory(tags=[tag], members=[department_member(username="a")])
    stranger = department_member(username="b")
    DepartmentFactory(members=[stranger])
    calls = [tagged_call(tag, started_at=NOW.replace(hour=9 + i)) for i in range(3)]
    alerts_check(now=NOW)
    client = client_for(stranger)
    for call in calls:
        assert client.get(reverse("calls:detail", args=[call.pk])).status_code == 404
    assert client.get(reverse("departments:mine")).status_code == 200
    assert "data-alert=" not in client.get(reverse("departments:mine")).content.decode()


def test_report_recipients_open_its_calls_and_the_page() -> None:
    tag = TagFactory()
    member = department_member()
    department = DepartmentFactory(tags=[tag], members=[member])
    week = Week(monday=date(2026, 3, 2))
    at = datetime(2026, 3, 3, 12, tzinfo=MSK)
    examples = [tagged_call(tag, started_at=at.replace(hour=9 + i), first=True)
                for i in range(5)]
    report = report_send(department=department, week=week)
    shared = set(report.content["call_ids"])
    assert len(shared) == 3
    client = client_for(member)
    for call in examples:
        status = client.get(reverse("calls:detail", args=[call.pk])).status_code
        assert status == (200 if call.pk in shared else 404)
    page = client.get(reverse("departments:report", args=[department.pk, "2026-W10"]))
    assert page.status_code == 200
    assert "Три частых вопроса от новых клиентов" in page.content.decode()
    pdf = client.get(reverse("departments:report-pdf", args=[department.pk, "2026-W10"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert client.get(reverse("departments:report",
                              args=[department.pk, "2026-W11"])).status_code == 404
    assert client.get(reverse("departments:report",
                              args=[department.pk, "week"])).status_code == 404


def test_a_manager_sees_the_report_but_only_their_teams_example_calls() -> None:
    tag = TagFactory()
    department = DepartmentFactory(tags=[tag], members=[department_member()])
    manager = UserFactory(role=Role.MANAGER)
    mine = OperatorFactory(team=TeamFactory(manager=manager))
    at = datetime(2026, 3, 3, 12, tzinfo=MSK)
    own = tagged_call(tag, started_at=at, first=True, operator=mine)
    foreign = tagged_call(tag, started_at=at.replace(hour=13), first=True)
    report_send(department=department, week=Week(monday=date(2026, 3, 2)))
    body = client_for(manager).get(
        reverse("departments:report", args=[department.pk, "2026-W10"])).content.decode()
    assert f"/calls/{own.pk}/" in body and f"/calls/{foreign.pk}/" not in body
    data = api_client_for(manager).get(
        f"/api/v1/departments/{department.pk}/reports/2026-W10/").json()
    assert data["content"]["call_ids"] == [own.pk]


@pytest.fixture
def people() -> dict[str, User]:
    return {
        "admin": UserFactory(username="adm", role=Role.ADMIN),
        "manager": UserFactory(username="man", role=Role.MANAGER),
        "trainer": UserFactory(username="tra", role=Role.TRAINER),
        "operator": OperatorFactory().user,
        "member": department_member(username="mem"),
    }


def test_role_rules_of_the_pages(people: dict[str, User]) -> None:
    department = DepartmentFactory(members=[people["member"]])
    other = DepartmentFactory()
    expected = {
        # name: (admin, manager, trainer, operator, member)
        reverse("departments:list"): (200, 200, 403, 403, 403),
        reverse("departments:create"): (200, 403, 403, 403, 403),
        reverse("departments:edit", args=[department.pk]): (200, 403, 403, 403, 403),
        reverse("departments:detail", args=[department.pk]): (200, 200, 404, 404, 200),
        reverse("departments:detail", args=[other.pk]): (200, 200, 404, 404, 404),
        reverse("departments:mine"): (403, 403, 403, 403, 200),
    }
    for url, statuses in expected.items():
        for who, status in zip(["admin", "manager", "trainer", "operator", "member"], statuses,
                               strict=True):
            got = client_for(people[who]).get(url).status_code
            assert got == status, f"{who} GET {url} → {got}, expected {status}"
    # Only an admin builds a report or resends an e-mail.
    email = OutgoingEmail.objects.create(department=department, to="a@example.com",
                                         subject="s", text="t", next_attempt_at=NOW)
    for who in ("manager", "member", "operator"):
        client = client_for(people[who])
        assert client.post(reverse("departments:email-resend", args=[email.pk])).status_code == 403
        assert client.post(reverse("departments:report-build",
                                   args=[department.pk])).status_code == 403


def test_an_admin_creates_a_department_with_members_of_the_department_role(
    people: dict[str, User],
) -> None:
    tag = TagFactory()
    client = client_for(people["admin"])
    form = client.get(reverse("departments:create")).content.decode()
    assert "mem" in form and "man ·" not in form  # only «Сотрудник отдела» users are offered
    response = client.post(reverse("departments:create"), {
        "name": "Логистика", "code": "logistics", "description": "Доставка",
        "members": [people["member"].pk], "tags": [tag.pk], "is_active": "on"})
    assert response.status_code == 302
    department = Department.objects.get(code="logistics")
    assert list(department.members.all()) == [people["member"]]
    assert list(department.subscribed_tags()) == [tag]
    bad = client.post(reverse("departments:create"), {
        "name": "Другой", "code": "x", "members": [people["manager"].pk]})
    assert bad.status_code == 400
    assert client.get(reverse("departments:list")).status_code == 200
    assert client.get(reverse("departments:detail", args=[department.pk])).status_code == 200


def test_api_rules(people: dict[str, User]) -> None:
    department = DepartmentFactory(members=[people["member"]])
    other = DepartmentFactory()
    member = api_client_for(people["member"])
    assert [d["code"] for d in member.get("/api/v1/departments/").json()] == [department.code]
    assert member.get(f"/api/v1/departments/{other.pk}/alerts/").status_code == 404
    assert member.get(f"/api/v1/departments/{department.pk}/alerts/").json() == []
    assert member.get(f"/api/v1/departments/{department.pk}/reports/").json() == []
    assert member.get(f"/api/v1/departments/{2**64}/alerts/").status_code == 404
    assert member.get(f"/api/v1/departments/{department.pk}/reports/2026-W99/").status_code == 404
    assert member.get("/api/v1/departments/?x=1").status_code == 400
    assert api_client_for(people["operator"]).get("/api/v1/departments/").status_code == 403
    manager = api_client_for(people["manager"])
    assert len(manager.get("/api/v1/departments/").json()) == 2


def test_the_admin_site_lists_what_was_sent() -> None:
    admin = UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    department = DepartmentFactory()
    OutgoingEmail.objects.create(department=department, to="a@example.com", subject="s",
                                 text="t", next_attempt_at=NOW,
                                 status=OutgoingEmail.Status.FAILED)
    client = client_for(admin)
    for model in ("department", "departmentalert", "departmentreport", "outgoingemail",
                  "callshare", "tagalertthreshold"):
        assert client.get(f"/admin/calls/{model}/").status_code == 200, model
    assert client.get(f"/admin/calls/department/{department.pk}/change/").status_code == 200
    assert client.get("/admin/calls/tagalertthreshold/add/").status_code == 200
