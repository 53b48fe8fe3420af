"""The contacts API (docs/contacts.md): FCR grouped, the reasons customers come back, goals.
Figures are over the calls the person may see; every row carries the call-list address behind
it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.contacts.access import ContactsReaders, sets_goals
from calls.contacts.goals import GoalProgress, goal_create, goal_progress
from calls.contacts.queries import fcr_by, repeat_reasons, same_tag_params
from calls.contacts.scope import ContactScope
from calls.contacts.serializers import (
    FcrOutput,
    FcrQuery,
    GoalInput,
    GoalOutput,
    ReasonsOutput,
    ReasonsQuery,
)
from calls.models import ContactGoal
from calls.taxonomy.problems.serializers import refuse_empty
from project.roles import Role, has_role

_PERIOD_PARAMS = ("date_from", "date_to", "line")


def _scope(request: Request, data: dict[str, Any]) -> ContactScope:
    return ContactScope(period=data["period"], line=data.get("line"), user=request.user)


def _period(scope: ContactScope) -> dict[str, Any]:
    return {"date_from": scope.period.date_from, "date_to": scope.period.date_to}


class FcrApi(APIView):
    """First-contact resolution per tag, operator, team or line over a period (calls whose
    repeat window has closed, transfers left out): «came back at all» and «about the same
    tag»."""

    permission_classes = [ContactsReaders]

    @extend_schema(parameters=[FcrQuery], responses={200: FcrOutput})
    def get(self, request: Request) -> Response:
        refuse_empty(request.query_params, (*_PERIOD_PARAMS, "by"))
        query = FcrQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = _scope(request, query.validated_data)
        now = timezone.now()
        closed = scope.closed_until(now)
        rows = [
            {
                "group": {"key": row.group.key, "name": row.group.label},
                "measured": row.measured, "came_back": row.came_back,
                "came_back_same_tag": row.came_back_same_tag, "fcr": row.fcr,
                "fcr_same_tag": row.fcr_same_tag,
                "calls_url": scope.calls_url(row.group.params, date_to=closed),
                "came_back_url": scope.calls_url({**row.group.params, "came_back": "true"},
                                                 date_to=closed),
                "came_back_same_tag_url": scope.calls_url(
                    same_tag_params(query.validated_data["by"], row.group), date_to=closed),
            }
            for row in fcr_by(calls=scope.calls(), by=query.validated_data["by"], now=now)
        ]
        return Response(FcrOutput({
            "period": _period(scope), "line": scope.line.code if scope.line else None,
            "by": query.validated_data["by"], "closed_until": closed, "rows": rows,
        }).data)


class RepeatReasonsApi(APIView):
    """«Основные причины повторных обращений»: the tags of the earlier calls that brought
    customers back, over the repeat calls of a period."""

    permission_classes = [ContactsReaders]

    @extend_schema(parameters=[ReasonsQuery], responses={200: ReasonsOutput})
    def get(self, request: Request) -> Response:
        refuse_empty(request.query_params, (*_PERIOD_PARAMS, "limit"))
        query = ReasonsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = _scope(request, query.validated_data)
        reasons = [
            {
                "tag": reason.tag.code, "tag_name": reason.tag.name, "repeats": reason.repeats,
                "same_tag": reason.same_tag, "share": reason.share,
                "calls_url": scope.calls_url({"repeat_of_tag": reason.tag.code}),
                "examples": [repeat for repeat, _first in reason.examples],
            }
            for reason in repeat_reasons(calls=scope.calls(),
                                         limit=query.validated_data["limit"])
        ]
        return Response(ReasonsOutput({
            "period": _period(scope), "line": scope.line.code if scope.line else None,
            "reasons": reasons,
        }).data)


def _goal_data(progress: GoalProgress) -> dict[str, Any]:
    goal = progress.goal
    return {
        "id": goal.pk, "name": goal.name, "metric": goal.metric,
        "target_change": goal.target_change,
        "tag": goal.tag.code if goal.tag else None, "line": goal.line.code if goal.line else None,
        "team": goal.team_id, "starts_on": goal.starts_on, "ends_on": goal.ends_on,
        "baseline": progress.baseline, "current": progress.current, "target": progress.target,
        "progress": progress.progress, "elapsed": progress.elapsed,
        "on_track": progress.on_track, "baseline_url": progress.baseline_url,
        "current_url": progress.current_url,
    }


class GoalsApi(APIView):
    """Goals with their progress (GET, every reader, figures over their own visible calls) and
    a new goal (POST, managers for their teams and admins)."""

    permission_classes = [ContactsReaders]

    @extend_schema(responses={200: GoalOutput(many=True)})
    def get(self, request: Request) -> Response:
        now = timezone.now()
        goals = ContactGoal.objects.select_related("tag", "line", "team")
        return Response(GoalOutput(
            [_goal_data(goal_progress(goal=goal, user=request.user, now=now)) for goal in goals],
            many=True,
        ).data)

    @extend_schema(request=GoalInput, responses={201: GoalOutput})
    def post(self, request: Request) -> Response:
        if not sets_goals(request.user):
            raise PermissionDenied
        data = GoalInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        team = values.get("team")
        if team is not None and not has_role(request.user, Role.ADMIN) and (
                team.manager_id != request.user.pk):
            return Response({"team": ["Это не ваша команда."]},
                            status=status.HTTP_400_BAD_REQUEST)
        goal = goal_create(
            name=values["name"], metric=values["metric"], target_change=values["target_change"],
            starts_on=values["starts_on"], ends_on=values["ends_on"], tag=values.get("tag"),
            line=values.get("line"), team=team, created_by=request.user,  # type: ignore[arg-type]
        )
        progress = goal_progress(goal=goal, user=request.user)
        return Response(GoalOutput(_goal_data(progress)).data, status=status.HTTP_201_CREATED)
