"""The board's groups on constructed findings: overdue wins over open and in progress, and the
groups add up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from calls.departments.findings.queries import BoardGroup, findings_board, group_of
from calls.models import Finding
from tests.factories_findings import FindingFactory

pytestmark = pytest.mark.django_db
Status = Finding.Status
TODAY = date(2026, 12, 7)


def test_groups_on_constructed_findings() -> None:
    open_ = FindingFactory(due_on=TODAY)  # due today: not yet overdue
    overdue_open = FindingFactory(due_on=TODAY - timedelta(days=1))
    overdue_started = FindingFactory(due_on=TODAY - timedelta(days=5), status=Status.IN_PROGRESS)
    started = FindingFactory(due_on=TODAY + timedelta(days=3), status=Status.IN_PROGRESS)
    done = FindingFactory(due_on=TODAY - timedelta(days=10), status=Status.DONE)
    declined = FindingFactory(due_on=TODAY - timedelta(days=10), status=Status.DECLINED)

    board = findings_board(Finding.objects.all(), today=TODAY)
    assert board.counts == {BoardGroup.OVERDUE: 2, BoardGroup.OPEN: 1,
                            BoardGroup.IN_PROGRESS: 1, BoardGroup.DONE: 1,
                            BoardGroup.DECLINED: 1}
    assert board.groups[BoardGroup.OVERDUE] == [overdue_started, overdue_open]
    assert board.groups[BoardGroup.OPEN] == [open_]
    assert board.groups[BoardGroup.IN_PROGRESS] == [started]
    assert board.groups[BoardGroup.DONE] == [done]
    assert board.groups[BoardGroup.DECLINED] == [declined]
    for group, findings in board.groups.items():
        assert all(group_of(finding, today=TODAY) == group for finding in findings)


def test_one_group_only_keeps_every_count() -> None:
    FindingFactory(due_on=TODAY - timedelta(days=1))
    FindingFactory(due_on=TODAY + timedelta(days=1))
    board = findings_board(Finding.objects.all(), today=TODAY, only=BoardGroup.OVERDUE)
    assert list(board.groups) == [BoardGroup.OVERDUE]
    assert board.counts[BoardGroup.OPEN] == 1
