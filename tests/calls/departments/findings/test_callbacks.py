"""The customers to tell a fix is done: who is on the list (the finding's calls, the calls with
its tag and line from 30 days before it was opened until it was done), each once by their
latest call, masked; what a manager may see of it; marking a callback once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from calls.departments.findings.callbacks import callback_customers, finding_callback_mark
from calls.departments.findings.services import FindingConflict
from calls.models import Call, Finding, FindingCallback, Line, Tag
from project.errors import DomainError
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    LineFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)
from tests.factories_findings import FindingFactory

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")
OPENED = datetime(2026, 11, 10, 12, 0, tzinfo=MOSCOW)
DONE = datetime(2026, 11, 20, 12, 0, tzinfo=MOSCOW)


def _call(key: str, at: datetime, *, tag: Tag | None = None, line: Line | None = None,
          **fields: object) -> Call:
    call = CallFactory(customer_key=key, customer_phone_masked=f"+7 *** ***-{key[-2:]}",
                       started_at=at, **({"line": line} if line else {}), **fields)
    if tag is not None:
        CallTagFactory(call=call, tag=tag)
    return call


@pytest.fixture
def tag() -> Tag:
    return TagFactory(code="navigation", name="Неудобная навигация")


@pytest.fixture
def site() -> Line:
    return LineFactory(code="site", name="Сайт")


@pytest.fixture
def finding(tag: Tag, site: Line) -> Finding:
    finding: Finding = FindingFactory(tag=tag, line=site, created_at=OPENED,
                                      status=Finding.Status.DONE, done_at=DONE)
    return finding


def test_the_list_holds_each_customer_once_with_their_latest_call(
    finding: Finding, tag: Tag, site: Line
) -> None:
    admin = UserFactory(role=Role.ADMIN)
    # Customer 01: two tagged calls in the window; the latest is listed.
    _call("key-01", OPENED - timedelta(days=29), tag=tag, line=site)
    latest_01 = _call("key-01", OPENED + timedelta(days=2), tag=tag, line=site)
    # Customer 02: the finding's own call, untagged and long before the window.
    own = _call("key-02", OPENED - timedelta(days=90))
    finding.calls.add(own)
    # Outside: too early, after the fix, another line, another tag, no customer key.
    _call("key-03", OPENED - timedelta(days=31), tag=tag, line=site)
    _call("key-04", DONE + timedelta(hours=1), tag=tag, line=site)
    _call("key-05", OPENED + timedelta(days=1), tag=tag, line=LineFactory(code="sales"))
    _call("key-06", OPENED + timedelta(days=1), tag=TagFactory(), line=site)
    _call("", OPENED + timedelta(days=1), tag=tag, line=site)

    customers = callback_customers(finding=finding, user=admin)
    assert [(c.latest_call, c.calls) for c in customers] == [(latest_01, 2), (own, 1)]
    assert customers[0].phone == "+7 *** ***-01"


def test_without_a_line_every_line_counts(finding: Finding, tag: Tag) -> None:
    finding.line = None
    finding.save()
    other_line = _call("key-05", OPENED + timedelta(days=1), tag=tag,
                       line=LineFactory(code="sales"))
    customers = callback_customers(finding=finding, user=UserFactory(role=Role.ADMIN))
    assert [c.latest_call for c in customers] == [other_line]


def test_a_manager_lists_only_customers_of_calls_they_may_see(
    finding: Finding, tag: Tag, site: Line
) -> None:
    manager = UserFactory(role=Role.MANAGER)
    mine = _call("key-01", OPENED + timedelta(days=1), tag=tag, line=site,
                 operator=OperatorFactory(team=TeamFactory(manager=manager)))
    _call("key-02", OPENED + timedelta(days=1), tag=tag, line=site)
    assert [c.latest_call for c in callback_customers(finding=finding, user=manager)] == [mine]
    assert callback_customers(finding=finding, user=UserFactory(role=Role.OPERATOR)) == []


def test_marking_a_callback_once_per_customer(finding: Finding, tag: Tag, site: Line) -> None:
    manager = UserFactory(role=Role.ADMIN)
    first = _call("key-01", OPENED + timedelta(days=1), tag=tag, line=site)
    second = _call("key-01", OPENED + timedelta(days=2), tag=tag, line=site)
    callback = finding_callback_mark(finding=finding, call=second, by=manager, note="Доволен")
    assert (callback.customer_key, callback.call, callback.by) == ("key-01", second, manager)
    with pytest.raises(FindingConflict, match="уже перезвонили"):
        finding_callback_mark(finding=finding, call=first, by=manager)
    customers = callback_customers(finding=finding, user=manager)
    assert customers[0].callback == callback
    assert FindingCallback.objects.count() == 1


def test_marking_refuses_other_calls_open_findings_and_non_managers(
    finding: Finding, tag: Tag, site: Line
) -> None:
    admin = UserFactory(role=Role.ADMIN)
    unrelated = _call("key-09", OPENED + timedelta(days=1))
    with pytest.raises(DomainError, match="не из обращений"):
        finding_callback_mark(finding=finding, call=unrelated, by=admin)
    related = _call("key-01", OPENED + timedelta(days=1), tag=tag, line=site)
    with pytest.raises(PermissionDenied):
        finding_callback_mark(finding=finding, call=related,
                              by=UserFactory(role=Role.DEPARTMENT))
    manager = UserFactory(role=Role.MANAGER)  # not the manager of the call's team
    with pytest.raises(DomainError, match="не из обращений"):
        finding_callback_mark(finding=finding, call=related, by=manager)
    finding.status = Finding.Status.IN_PROGRESS
    finding.save()
    with pytest.raises(FindingConflict, match="когда находка сделана"):
        finding_callback_mark(finding=finding, call=related, by=admin)

