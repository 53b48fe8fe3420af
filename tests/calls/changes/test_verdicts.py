"""The verdict kept on a change once its after-window has closed, shown on the findings board."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from calls.changes.figures import Verdict
from calls.changes.verdicts import changes_to_settle, settle_change_verdicts
from calls.departments.findings.services import finding_done, finding_open
from calls.models import Change
from project.roles import Role
from tests.factories import (
    LineFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
    client_for,
)
from tests.factories_changes import MOSCOW, ChangeFactory, calls_on_days, days
from tests.factories_departments import DepartmentFactory

pytestmark = pytest.mark.django_db

CHANGED_ON = date(2026, 3, 15)
# The after-window (16–29 March) is over, and so is the repeat window of its last calls.
SETTLED = datetime(2026, 4, 20, 4, 10, tzinfo=MOSCOW)


def _helpful_change() -> Change:
    operator, line = OperatorFactory(), LineFactory()
    tag = TagFactory(code="navigation", name="Навигация",
                     category=TagCategoryFactory(is_problem=True))
    for window, tagged in ((days(date(2026, 3, 1), date(2026, 3, 14)), 4),
                           (days(date(2026, 3, 16), date(2026, 3, 29)), 1)):
        calls_on_days(on=window, per_day=20, operator=operator, line=line, tag=tag,
                      tagged=lambda i, tagged=tagged: i % 20 < tagged)
    change = ChangeFactory(changed_on=CHANGED_ON)
    change.tags.set([tag])
    return change


def test_a_closed_change_keeps_its_verdict_once() -> None:
    change = _helpful_change()
    assert settle_change_verdicts(now=SETTLED) == 1
    change.refresh_from_db()
    assert (change.verdict, change.verdict_at) == (Verdict.HELPED, SETTLED)
    assert changes_to_settle(now=SETTLED + timedelta(days=1)) == []


def test_an_open_change_keeps_nothing_yet() -> None:
    change = _helpful_change()
    assert settle_change_verdicts(now=datetime(2026, 3, 25, 12, tzinfo=MOSCOW)) == 0
    change.refresh_from_db()
    assert change.verdict == "" and change.verdict_at is None


def test_a_verdict_kept_before_fcr_could_be_counted_is_taken_again() -> None:
    change = _helpful_change()
    early = datetime(2026, 3, 31, 4, 10, tzinfo=MOSCOW)  # after-window closed, repeats not yet
    assert settle_change_verdicts(now=early) == 1
    assert [c.pk for c in changes_to_settle(now=SETTLED)] == [change.pk]


def test_the_board_says_whether_a_done_fix_helped() -> None:
    manager = UserFactory(role=Role.MANAGER)
    finding = finding_open(title="Навигация на сайте", department=DepartmentFactory(),
                           due_on=timezone.localdate(), by=manager)
    finding = finding_done(finding=finding, by=manager, what_changed="Упростили меню")
    board = client_for(manager).get("/findings/").content.decode()
    assert 'data-verdict="pending"' in board and "итог ещё не подведён" in board
    Change.objects.filter(pk=finding.change_id).update(verdict=Verdict.HELPED,
                                                       verdict_at=timezone.now())
    board = client_for(manager).get("/findings/").content.decode()
    assert 'data-verdict="helped"' in board and "Помогло" in board


def test_the_list_shows_a_settled_change_by_its_kept_verdict() -> None:
    change = _helpful_change()
    settle_change_verdicts(now=SETTLED)
    admin = UserFactory(role=Role.ADMIN)
    page = client_for(admin).get("/changes/")
    assert page.status_code == 200
    assert page.context["entries"][0]["evaluation"] is None
    body = page.content.decode()
    assert f'data-change="{change.pk}"' in body and 'data-verdict="helped"' in body
