"""The teams page's numbers: per team and operator, the calls this month and the open cycles,
each with the address of the list it counts (the call list, the cycles page), filtered exactly as
counted: the same visible calls by the same local days, the same visible open cycles."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.urls import reverse

from calls.local_days import started_on_days
from calls.models import Call, Operator, Team
from coaching.cycles.queries import OPEN, open_cycles, visible_cycles
from project.roles import AnyUser


@dataclass(frozen=True)
class Month:
    first: date
    last: date

    @classmethod
    def of(cls, day: date) -> Month:
        last_day = calendar.monthrange(day.year, day.month)[1]
        return cls(first=day.replace(day=1), last=day.replace(day=last_day))


@dataclass(frozen=True)
class OperatorRow:
    operator: Operator
    calls: int
    calls_url: str
    open_cycles: int
    cycles_url: str


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    manager: User | None
    operators: list[OperatorRow]
    calls: int
    calls_url: str
    open_cycles: int
    cycles_url: str


def _url(name: str, **params: object) -> str:
    return reverse(name) + "?" + urlencode(params)


def month_calls_url(month: Month, **params: object) -> str:
    return _url("calls:list", **params, date_from=month.first.isoformat(),
                date_to=month.last.isoformat())


def team_summaries(*, user: AnyUser, teams: QuerySet[Team], today: date) -> list[TeamSummary]:
    month = Month.of(today)
    teams = teams.select_related("manager").order_by("name")
    operators = (Operator.objects.visible_to(user).filter(team__in=teams)
                 .order_by("display_name", "pk"))
    calls = Counter(dict(
        Call.objects.visible_to(user).filter(started_on_days(month.first, month.last),
                                             operator__in=operators)
        .values_list("operator_id").annotate(n=Count("pk")).values_list("operator_id", "n")))
    cycles = Counter(dict(
        open_cycles(visible_cycles(user)).filter(operator__in=operators)
        .values_list("operator_id").annotate(n=Count("pk")).values_list("operator_id", "n")))
    by_team: dict[int, list[OperatorRow]] = {}
    for operator in operators:
        assert operator.team_id is not None
        by_team.setdefault(operator.team_id, []).append(OperatorRow(
            operator=operator, calls=calls[operator.pk],
            calls_url=month_calls_url(month, operator=operator.pk),
            open_cycles=cycles[operator.pk],
            cycles_url=_url("coaching:cycles", operator=operator.code, status=OPEN)))
    summaries = []
    for team in teams:
        rows = by_team.get(team.pk, [])
        summaries.append(TeamSummary(
            team=team, manager=team.manager, operators=rows,
            calls=sum(row.calls for row in rows),
            calls_url=month_calls_url(month, team=team.pk),
            open_cycles=sum(row.open_cycles for row in rows),
            cycles_url=_url("coaching:cycles", team=team.pk, status=OPEN)))
    return summaries
