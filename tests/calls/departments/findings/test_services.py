"""A finding's life cycle: every step, the illegal ones, who may take each, and the Change a done
finding starts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from calls.departments.findings.services import (
    FindingConflict,
    finding_decline,
    finding_done,
    finding_due_set,
    finding_open,
    finding_start,
)
from calls.models import CallShare, Change, Department, Finding, FindingEvent
from project.errors import DomainError
from project.roles import Role
from tests.factories import (
    CallFactory,
    LineFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)
from tests.factories_findings import DepartmentFactory, FindingFactory, department_member

pytestmark = pytest.mark.django_db
Status = Finding.Status


@pytest.fixture
def manager() -> User:
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def department() -> Department:
    return DepartmentFactory(name="Разработка", code="dev")


def _open(manager: User, department: Department, **fields: object) -> Finding:
    values: dict[str, object] = {
        "title": "Неудобная навигация на сайте", "department": department,
        "due_on": timezone.localdate() + timedelta(days=7), "by": manager,
        "source": Finding.Source.MANUAL, "source_ref": "", "description": "",
    }
    values.update(fields)
    return finding_open(**values)  # type: ignore[arg-type]


def test_open_attaches_only_calls_the_manager_sees_and_shares_them(
    manager: User, department: Department
) -> None:
    mine = CallFactory(operator=OperatorFactory(team=TeamFactory(manager=manager)))
    foreign = CallFactory()
    finding = _open(manager, department, call_ids=[mine.pk, foreign.pk, 2**63 + 5])
    assert list(finding.calls.all()) == [mine]
    share = CallShare.objects.get()
    assert (share.call, share.department, share.reason) == (
        mine, department, CallShare.Reason.FINDING)
    assert finding.status == Status.OPEN
    event = FindingEvent.objects.get(finding=finding)
    assert (event.status, event.by) == (Status.OPEN, manager)


def test_open_keeps_an_existing_share(manager: User, department: Department) -> None:
    call = CallFactory(operator=OperatorFactory(team=TeamFactory(manager=manager)))
    CallShare.objects.create(call=call, department=department, reason=CallShare.Reason.ALERT)
    _open(manager, department, call_ids=[call.pk])
    assert CallShare.objects.get().reason == CallShare.Reason.ALERT


def test_open_refuses_a_past_due_date_an_empty_title_and_non_managers(
    manager: User, department: Department
) -> None:
    with pytest.raises(DomainError, match="Срок не может быть в прошлом"):
        _open(manager, department, due_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError, match="заголовок пуст"):
        _open(manager, department, title="  ")
    with pytest.raises(DomainError, match="источник"):
        _open(manager, department, source="rumour")
    for role in (Role.OPERATOR, Role.TRAINER, Role.DEPARTMENT):
        with pytest.raises(PermissionDenied):
            _open(UserFactory(role=role), department)
    assert not Finding.objects.exists()


def test_the_whole_life_cycle_open_start_done(manager: User, department: Department) -> None:
    member = department_member(department)
    line = LineFactory(code="site", name="Сайт")
    tag = TagFactory(code="navigation", name="Неудобная навигация")
    finding = _open(manager, department, tag=tag, line=line)

    finding = finding_start(finding=finding, by=member)
    assert finding.status == Status.IN_PROGRESS and finding.started_at is not None

    finding = finding_done(finding=finding, by=member,
                           what_changed="Упростили меню сайта\nи добавили поиск")
    assert finding.status == Status.DONE and finding.done_by == member
    change = Change.objects.get()
    assert finding.change == change
    assert change.title == "Упростили меню сайта"
    assert change.changed_on == timezone.localdate()
    assert list(change.lines.all()) == [line]
    assert list(change.tags.all()) == [tag]
    assert change.created_by == member
    assert "Неудобная навигация на сайте" in change.description
    assert list(finding.events.values_list("status", flat=True)) == [
        Status.OPEN, Status.IN_PROGRESS, Status.DONE]


def test_done_straight_from_open_without_tag_or_line(
    manager: User, department: Department
) -> None:
    finding = finding_done(finding=_open(manager, department), by=manager,
                           what_changed="Переписали скрипт")
    assert finding.status == Status.DONE
    change = Change.objects.get()
    assert not change.lines.exists() and not change.tags.exists()


def test_done_needs_what_changed(manager: User, department: Department) -> None:
    finding = _open(manager, department)
    with pytest.raises(DomainError, match="что изменили"):
        finding_done(finding=finding, by=manager, what_changed="  ")
    finding.refresh_from_db()
    assert finding.status == Status.OPEN and not Change.objects.exists()


def test_illegal_steps_are_conflicts_with_russian_messages(
    manager: User, department: Department
) -> None:
    finding = finding_start(finding=_open(manager, department), by=manager)
    with pytest.raises(FindingConflict, match="только открытую"):
        finding_start(finding=finding, by=manager)
    finding = finding_done(finding=finding, by=manager, what_changed="Исправили")
    for step in (
        lambda: finding_start(finding=finding, by=manager),
        lambda: finding_done(finding=finding, by=manager, what_changed="Ещё раз"),
        lambda: finding_decline(finding=finding, by=manager, reason="Передумали"),
        lambda: finding_due_set(finding=finding, by=manager,
                                due_on=timezone.localdate() + timedelta(days=3)),
    ):
        with pytest.raises(FindingConflict, match="сделано|открытую"):
            step()
    assert Change.objects.count() == 1

    declined = finding_decline(finding=_open(manager, department), by=manager,
                               reason="Не наша проблема")
    assert declined.status == Status.DECLINED
    assert declined.events.last().note == "Не наша проблема"  # type: ignore[union-attr]
    with pytest.raises(FindingConflict, match="отклонена"):
        finding_done(finding=declined, by=manager, what_changed="Всё равно сделали")


def test_decline_needs_a_reason(manager: User, department: Department) -> None:
    with pytest.raises(DomainError, match="почему"):
        finding_decline(finding=_open(manager, department), by=manager, reason="")


def test_who_may_take_each_step(manager: User, department: Department) -> None:
    member = department_member(department)
    stranger = department_member(DepartmentFactory(code="logistics"))
    operator = UserFactory(role=Role.OPERATOR)
    finding = _open(manager, department)
    for user in (stranger, operator):
        with pytest.raises(PermissionDenied):
            finding_start(finding=finding, by=user)
        with pytest.raises(PermissionDenied):
            finding_done(finding=finding, by=user, what_changed="x")
    # The department does the work; deciding not to, or moving the date, is a manager's.
    with pytest.raises(PermissionDenied):
        finding_decline(finding=finding, by=member, reason="Не будем")
    with pytest.raises(PermissionDenied):
        finding_due_set(finding=finding, by=member, due_on=timezone.localdate())
    assert finding_start(finding=finding, by=member).status == Status.IN_PROGRESS
    admin = UserFactory(role=Role.ADMIN)
    assert finding_decline(finding=finding, by=admin, reason="Дубль").status == Status.DECLINED


def test_due_date_edit_writes_an_event(manager: User, department: Department) -> None:
    finding = _open(manager, department)
    new_due = timezone.localdate() + timedelta(days=30)
    finding = finding_due_set(finding=finding, by=manager, due_on=new_due)
    assert finding.due_on == new_due
    assert "Срок перенесён" in finding.events.last().note  # type: ignore[union-attr]
    with pytest.raises(DomainError, match="прошлом"):
        finding_due_set(finding=finding, by=manager,
                        due_on=timezone.localdate() - timedelta(days=1))


def test_factory_findings_work_with_the_services(manager: User) -> None:
    finding = FindingFactory()
    assert finding_start(finding=finding, by=manager).status == Status.IN_PROGRESS

