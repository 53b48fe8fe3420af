"""Goals on contact figures (ContactGoal) and their progress.

A goal names a figure (mapped onto calls/metrics: the repeat rate is `repeat_share`), an optional
tag, line and team, a period, and the change wanted against the baseline, in percent: −15 is
«на 15% меньше». The baseline is the figure over the period of the same length just before the
goal starts; the current value is the figure from the start up to today (or the goal's end).

Progress is how far the current value has moved from the baseline toward the target, in percent
of the way (100%: the target is reached; negative: the figure moved the wrong way). A goal is on
track when its progress is at least the share of its period that has passed — a straight line
from the baseline on the first day to the target on the last.

Figures are over the calls the person may see, so an operator's page shows their own calls'
figures. FCR counts only calls whose repeat window has closed, so during the goal's first week
its current FCR is not known yet («нет данных»), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from calls.contacts.scope import ContactScope
from calls.metrics import definitions
from calls.metrics.aggregates import Figure, metric_figure
from calls.metrics.definitions import Metric
from calls.models import CallTag, ContactGoal, Line, Tag, Team
from calls.taxonomy.problems.scope import Period
from project.roles import AnyUser, Role, has_role

GOAL_METRICS: dict[str, Metric] = {
    ContactGoal.Metric.REPEAT_RATE: definitions.REPEAT_SHARE,
    ContactGoal.Metric.FCR: definitions.FCR,
    ContactGoal.Metric.HOT_SHARE: definitions.HOT_SHARE,
    ContactGoal.Metric.RESOLUTION_TIME: definitions.RESOLUTION_TIME,
    ContactGoal.Metric.HANDLING_TIME: definitions.HANDLING_TIME,
}


@dataclass(frozen=True)
class GoalProgress:
    goal: ContactGoal
    metric: Metric
    baseline_period: Period
    current_period: Period | None  # None: the goal has not started yet
    baseline: Figure
    current: Figure | None
    target: float | None
    # Percent of the way from the baseline to the target.
    progress: float | None
    # Percent of the goal's period that has passed.
    elapsed: float
    on_track: bool | None
    baseline_url: str
    current_url: str | None


def goal_periods(goal: ContactGoal, today: date) -> tuple[Period, Period | None]:
    length = (goal.ends_on - goal.starts_on).days + 1
    baseline = Period(date_from=goal.starts_on - timedelta(days=length),
                      date_to=goal.starts_on - timedelta(days=1))
    if today < goal.starts_on:
        return baseline, None
    return baseline, Period(date_from=goal.starts_on, date_to=min(today, goal.ends_on))


def _goal_calls(scope: ContactScope, goal: ContactGoal) -> QuerySet:  # type: ignore[type-arg]
    calls = scope.calls()
    if goal.team_id is not None:
        calls = calls.filter(operator__team_id=goal.team_id)
    if goal.tag_id is not None:
        calls = calls.filter(pk__in=CallTag.objects.filter(tag_id=goal.tag_id).values("call_id"))
    return calls


def _url(scope: ContactScope, goal: ContactGoal, metric: Metric) -> str:
    return scope.calls_url({
        "tag": goal.tag.code if goal.tag is not None else None, "team": goal.team_id,
        **metric.calls_params,
    })


def goal_progress(*, goal: ContactGoal, user: AnyUser, now: datetime | None = None
                  ) -> GoalProgress:
    now = now or timezone.now()
    today = timezone.localdate(now)
    metric = GOAL_METRICS[goal.metric]
    baseline_period, current_period = goal_periods(goal, today)
    base_scope = ContactScope(period=baseline_period, line=goal.line, user=user)
    baseline = metric_figure(_goal_calls(base_scope, goal), metric, now=now)
    current = None
    current_url = None
    if current_period is not None:
        scope = ContactScope(period=current_period, line=goal.line, user=user)
        current = metric_figure(_goal_calls(scope, goal), metric, now=now)
        current_url = _url(scope, goal, metric)
    target = (
        baseline.value * (1 + goal.target_change / 100) if baseline.value is not None else None
    )
    progress = None
    if (target is not None and baseline.value is not None and current is not None
            and current.value is not None and target != baseline.value):
        progress = 100 * (current.value - baseline.value) / (target - baseline.value)
    length = (goal.ends_on - goal.starts_on).days + 1
    passed = 0 if current_period is None else current_period.days
    elapsed = 100 * passed / length
    on_track = None if progress is None else progress >= elapsed
    return GoalProgress(
        goal=goal, metric=metric, baseline_period=baseline_period,
        current_period=current_period, baseline=baseline, current=current, target=target,
        progress=progress, elapsed=elapsed, on_track=on_track,
        baseline_url=_url(base_scope, goal, metric), current_url=current_url,
    )


def goal_create(
    *, name: str, metric: str, target_change: float, starts_on: date, ends_on: date,
    created_by: User, tag: Tag | None = None, line: Line | None = None,
    team: Team | None = None,
) -> ContactGoal:
    with transaction.atomic():
        return ContactGoal.objects.create(
            name=name, metric=metric, target_change=target_change, starts_on=starts_on,
            ends_on=ends_on, created_by=created_by, tag=tag, line=line, team=team,
        )


def may_delete_goal(user: AnyUser, goal: ContactGoal) -> bool:
    """The person who set it, or an admin."""
    return has_role(user, Role.ADMIN) or (
        has_role(user, Role.MANAGER) and goal.created_by_id == user.pk
    )


def goal_delete(*, goal: ContactGoal) -> None:
    goal.delete()
