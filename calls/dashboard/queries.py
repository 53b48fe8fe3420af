"""The manager's dashboard (issue 19 §5, docs/dashboard.md): for the analysed calls a person may
see in a period (and a line, a team), the top problems, the hot share, first-contact resolution,
time to resolution, silence and handling time — each with the number of calls measured, the
previous period's value, the trend and a short series — the same figures per line and per team,
and the open findings.

Speed (issue 19 §6: 100,000 calls within 1 s): every figure of both periods, every series point
and every line's and team's row come from one grouped query (calls/dashboard/figures.py); the
top problems are calls/taxonomy/problems/ (four aggregates); the findings two small queries.
tests/benchmarks/bench_dashboard.py measures it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from calls.dashboard.figures import GroupedSums, Sums, added_up, grouped_sums
from calls.dashboard.trend import Trend, figure_trend
from calls.local_days import started_on_days
from calls.metrics.definitions import (
    FCR,
    HANDLING_TIME,
    HOT_SHARE,
    RESOLUTION_TIME,
    SILENCE_SHARE,
    Metric,
)
from calls.models import Finding, Line, Operator, Team
from calls.roles import sees_all_calls
from calls.taxonomy.problems.queries import TopProblems, top_problems
from calls.taxonomy.problems.scope import Period, Scope
from project.roles import AnyUser, Role, has_role

# The figures, in the order the cards show them.
DASHBOARD_METRICS: tuple[Metric, ...] = (
    HOT_SHARE, FCR, RESOLUTION_TIME, SILENCE_SHARE, HANDLING_TIME,
)
# Four weeks: enough calls per week for a trend a manager can trust, recent enough to act on.
DEFAULT_PERIOD_DAYS = 28
# A period up to two weeks is drawn by day; a longer one by week (7-day steps from its start).
DAILY_UP_TO_DAYS = 14
TOP_PROBLEMS_LIMIT = 5
NEAREST_FINDINGS = 5


def default_period(today: date) -> Period:
    return Period(date_from=today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), date_to=today)


def series_periods(period: Period) -> list[Period]:
    """The points of a figure's series: days for a short period, else 7-day steps from its
    start (the last step may be shorter)."""
    step = 1 if period.days <= DAILY_UP_TO_DAYS else 7
    points = []
    start = period.date_from
    while start <= period.date_to:
        end = min(start + timedelta(days=step - 1), period.date_to)
        points.append(Period(date_from=start, date_to=end))
        start = end + timedelta(days=1)
    return points


def own_calls_only(user: AnyUser) -> bool:
    """An operator (and nothing more) sees the figures of their own calls, no team's."""
    return has_role(user, Role.OPERATOR) and not has_role(
        user, Role.MANAGER, Role.TRAINER, Role.ADMIN
    )


def reads_dashboard(user: AnyUser) -> bool:
    return has_role(user, Role.OPERATOR, Role.MANAGER, Role.TRAINER, Role.ADMIN)


def teams_to_choose(user: AnyUser) -> QuerySet[Team]:
    """The teams a person may filter by: those of the operators whose calls they see (as the
    call list's `team` filter offers)."""
    visible = Operator.objects.visible_to(user).exclude(team=None).values("team")
    return Team.objects.filter(pk__in=visible).order_by("name")


def calls_url(scope: Scope, **params: Any) -> str:
    return reverse("calls:list") + "?" + scope.query(**params)


@dataclass(frozen=True)
class Point:
    period: Period
    value: float | None
    measured: int
    calls_url: str


@dataclass(frozen=True)
class Figure:
    metric: Metric
    value: float | None
    measured: int
    previous_value: float | None
    previous_measured: int
    trend: Trend
    series: list[Point]
    # The calls behind the figure (for a share, those counted «yes»; for a mean, those measured:
    # Metric.calls_params), in this period and in the previous one.
    calls_url: str
    previous_calls_url: str


@dataclass(frozen=True)
class Cell:
    metric: Metric
    value: float | None
    measured: int
    trend: Trend
    calls_url: str


@dataclass(frozen=True)
class Row:
    """A line's or a team's figures (the dashboard's table)."""

    label: str
    line: Line | None
    team: Team | None
    analysed: int
    calls_url: str
    cells: list[Cell]


@dataclass(frozen=True)
class Findings:
    open: int  # not done nor declined: new and in progress
    new: int
    in_progress: int
    overdue: int
    nearest: list[Finding]


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    previous_scope: Scope
    own_calls_only: bool
    analysed: int
    previous_analysed: int
    figures: list[Figure]
    problems: TopProblems
    # None for an operator: findings are about the center, not their calls.
    findings: Findings | None
    by_line: list[Row]
    # None for an operator (their own calls are one team's).
    by_team: list[Row] | None

    @property
    def analysed_url(self) -> str:
        return calls_url(self.scope)


def _bucket(period: Period, previous: Period, points: list[Period]) -> Case:
    """Which series point a call falls in (0, 1, …), or −1 for the previous period."""
    whens = [
        When(started_on_days(point.date_from, point.date_to), then=Value(index))
        for index, point in enumerate(points)
    ]
    whens.append(When(started_on_days(previous.date_from, previous.date_to), then=Value(-1)))
    return Case(*whens, default=None, output_field=IntegerField())


def _current(key: tuple[Any, ...]) -> bool:
    return key[0] is not None and key[0] >= 0


def _findings(*, scope: Scope, today: date) -> Findings:
    findings = Finding.objects.open()
    if scope.line is not None:
        # A finding about one line is shown with that line; one about no line with every line.
        findings = findings.filter(Q(line=scope.line) | Q(line=None))
    counts = findings.aggregate(
        open=Count("pk"),
        new=Count("pk", filter=Q(status=Finding.Status.OPEN)),
        in_progress=Count("pk", filter=Q(status=Finding.Status.IN_PROGRESS)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    nearest = list(
        findings.select_related("department", "tag", "line").order_by("due_on", "pk")[
            :NEAREST_FINDINGS
        ]
    )
    return Findings(
        open=counts["open"], new=counts["new"], in_progress=counts["in_progress"],
        overdue=counts["overdue"], nearest=nearest,
    )


def _row(
    grouped: GroupedSums, *, position: int, key: int, label: str, scope: Scope,
    line: Line | None, team: Team | None,
) -> Row | None:
    row_scope = Scope(
        period=scope.period, line=line or scope.line, user=scope.user, team=team or scope.team
    )
    cells = []
    for metric in DASHBOARD_METRICS:
        now_sums = added_up(grouped, metric.code, where={position: key}, keep=_current)
        before = added_up(grouped, metric.code, where={position: key, 0: -1})
        cells.append(
            Cell(
                metric=metric,
                value=now_sums.value,
                measured=now_sums.measured,
                trend=figure_trend(metric, before=before, after=now_sums),
                calls_url=calls_url(row_scope, **metric.calls_params),
            )
        )
    analysed = added_up(grouped, HANDLING_TIME.code, where={position: key}, keep=_current)
    before = added_up(grouped, HANDLING_TIME.code, where={position: key, 0: -1})
    if not analysed.measured and not before.measured:
        return None
    return Row(
        label=label, line=line, team=team, analysed=analysed.measured,
        calls_url=calls_url(row_scope), cells=cells,
    )


def dashboard(
    *,
    user: AnyUser,
    period: Period,
    line: Line | None = None,
    team: Team | None = None,
    now: datetime,
) -> Dashboard:
    scope = Scope(period=period, line=line, user=user, team=team)
    previous = period.previous()
    previous_scope = scope.with_period(previous)
    points = series_periods(period)
    # Both periods' calls at once; the bucket says which period (and which point) a call is in.
    both = scope.with_period(Period(date_from=previous.date_from, date_to=period.date_to))
    grouped = grouped_sums(
        both.calls(),
        DASHBOARD_METRICS,
        now=now,
        by={
            "bucket": _bucket(period, previous, points),
            "line": F("line_id"),
            "team": F("operator__team_id"),
        },
    )
    figures = []
    for metric in DASHBOARD_METRICS:
        current = added_up(grouped, metric.code, keep=_current)
        before: Sums = added_up(grouped, metric.code, where={0: -1})
        series = []
        for index, point in enumerate(points):
            sums = added_up(grouped, metric.code, where={0: index})
            series.append(
                Point(
                    period=point,
                    value=sums.value,
                    measured=sums.measured,
                    calls_url=calls_url(scope.with_period(point), **metric.calls_params),
                )
            )
        figures.append(
            Figure(
                metric=metric,
                value=current.value,
                measured=current.measured,
                previous_value=before.value,
                previous_measured=before.measured,
                trend=figure_trend(metric, before=before, after=current),
                series=series,
                calls_url=calls_url(scope, **metric.calls_params),
                previous_calls_url=calls_url(previous_scope, **metric.calls_params),
            )
        )
    # Every analysed call has a duration: handling time's count is the number of calls.
    analysed = added_up(grouped, HANDLING_TIME.code, keep=_current).measured
    previous_analysed = added_up(grouped, HANDLING_TIME.code, where={0: -1}).measured

    operator_view = own_calls_only(user)
    lines = [line] if line is not None else list(Line.objects.order_by("name"))
    by_line = [
        row
        for each in lines
        if (
            row := _row(
                grouped, position=1, key=each.pk, label=each.name, scope=scope,
                line=each, team=None,
            )
        )
        is not None
    ]
    by_team: list[Row] | None = None
    if not operator_view:
        if team is not None:
            teams = [team]
        elif sees_all_calls(user):
            teams = list(Team.objects.order_by("name"))
        else:
            teams = list(Team.objects.filter(manager__pk=user.pk or 0).order_by("name"))
        by_team = [
            row
            for each in teams
            if (
                row := _row(
                    grouped, position=2, key=each.pk, label=each.name, scope=scope,
                    line=None, team=each,
                )
            )
            is not None
        ]
    return Dashboard(
        scope=scope,
        previous_scope=previous_scope,
        own_calls_only=operator_view,
        analysed=analysed,
        previous_analysed=previous_analysed,
        figures=figures,
        problems=top_problems(scope=scope, limit=TOP_PROBLEMS_LIMIT),
        findings=None if operator_view else _findings(
            scope=scope, today=timezone.localdate(now)
        ),
        by_line=by_line,
        by_team=by_team,
    )
