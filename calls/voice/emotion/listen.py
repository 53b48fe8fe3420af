"""The weekly listen-list: the hottest calls of a week (by the hottest segment's irritation),
each opening at its hottest moment, among the calls the viewer may see.

Who: managers (their teams' calls), trainers and admins — the people who coach. Operators get no
list, not even of their own calls: a ranking of «the calls that hurt» is coaching material, read
with a trainer, not a scoreboard an operator is shown (docs/voice-emotion.md). The coaching case
review reads `hottest_calls` for its «горячий» case.
"""

from __future__ import annotations

from django.db.models import QuerySet

from calls.local_days import started_on_days
from calls.models import Call, CallEmotion
from calls.weeks import Week
from project.roles import AnyUser, Role, has_role

LISTEN_LIST_SIZE = 20


def may_see_listen_list(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER, Role.TRAINER, Role.ADMIN)


def hottest_calls(calls: QuerySet[Call], *, limit: int = LISTEN_LIST_SIZE) -> list[CallEmotion]:
    """The hot calls among `calls`, hottest first (ties: the earlier call)."""
    return list(
        CallEmotion.objects.filter(call__in=calls, hot=True)
        .select_related("call__operator")
        .order_by("-hot_score", "call__started_at", "call_id")[:limit]
    )


def week_listen_list(
    *, user: AnyUser, week: Week, limit: int = LISTEN_LIST_SIZE
) -> list[CallEmotion]:
    """The viewer's listen-list of the week; empty for people it is not for."""
    if not may_see_listen_list(user):
        return []
    calls = Call.objects.visible_to(user).filter(started_on_days(week.monday, week.sunday))
    return hottest_calls(calls, limit=limit)
