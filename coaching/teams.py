"""Which teams a person coaches: the team choices of the coaching pages.

Coaching, not surveillance: trainers and admins work with every team, a manager with the teams
they manage, an operator with none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from calls.models import Team
from project.roles import AnyUser, Role, has_role


def teams_for(user: AnyUser) -> QuerySet[Team]:
    if has_role(user, Role.TRAINER, Role.ADMIN):
        return Team.objects.all()
    if has_role(user, Role.MANAGER):
        return Team.objects.filter(manager_id=user.pk)
    return Team.objects.none()
