"""The findings board's groups: open, overdue, in progress, done and declined, as the pages, the
API and the dashboard count them.

Overdue wins over open and in progress: a finding past its due date and not done is overdue
whatever step it is at, and is counted there only, so the groups add up to the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from calls.models import Finding

Status = Finding.Status


class BoardGroup(StrEnum):
    OVERDUE = "overdue"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(GROUP_LABELS[self])


GROUP_LABELS = {
    BoardGroup.OVERDUE: _("Просрочены"),
    BoardGroup.OPEN: _("Открыты"),
    BoardGroup.IN_PROGRESS: _("В работе"),
    BoardGroup.DONE: _("Сделаны"),
    BoardGroup.DECLINED: _("Отклонены"),
}


def group_condition(group: BoardGroup, *, today: date) -> Q:
    open_states = [Status.OPEN, Status.IN_PROGRESS]
    if group == BoardGroup.OVERDUE:
        return Q(status__in=open_states, due_on__lt=today)
    if group == BoardGroup.OPEN:
        return Q(status=Status.OPEN, due_on__gte=today)
    if group == BoardGroup.IN_PROGRESS:
        return Q(status=Status.IN_PROGRESS, due_on__gte=today)
    if group == BoardGroup.DONE:
        return Q(status=Status.DONE)
    return Q(status=Status.DECLINED)


def group_of(finding: Finding, *, today: date) -> BoardGroup:
    if finding.status in (Status.OPEN, Status.IN_PROGRESS) and finding.due_on < today:
        return BoardGroup.OVERDUE
    return BoardGroup(finding.status)


def group_counts(findings: QuerySet[Finding], *, today: date) -> dict[BoardGroup, int]:
    """How many findings each group holds, in one query."""
    counts = findings.aggregate(**{
        group.value: Count("pk", filter=group_condition(group, today=today))
        for group in BoardGroup
    })
    return {group: counts[group.value] or 0 for group in BoardGroup}


@dataclass(frozen=True)
class Board:
    today: date
    counts: dict[BoardGroup, int]
    groups: dict[BoardGroup, list[Finding]]


# The board shows this many findings per group; the filtered board (one group) pages on.
GROUP_LIMIT = 100


def findings_board(
    findings: QuerySet[Finding], *, today: date, only: BoardGroup | None = None
) -> Board:
    """The findings by group (earliest due first; done ones latest done first)."""
    counts = group_counts(findings, today=today)
    rows = findings.select_related("department", "tag", "line", "change")
    groups: dict[BoardGroup, list[Finding]] = {}
    for group in BoardGroup:
        if only is not None and group != only:
            continue
        in_group = rows.filter(group_condition(group, today=today))
        if group in (BoardGroup.DONE, BoardGroup.DECLINED):
            in_group = in_group.order_by("-done_at", "-pk")
        groups[group] = list(in_group[:GROUP_LIMIT])
    return Board(today=today, counts=counts, groups=groups)
