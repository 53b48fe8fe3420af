"""Which trainings a person sees: trainers and admins all; a manager their teams' (and the ones
they planned); an operator the ones they attend."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coaching.models import TrainingSession
from project.roles import AnyUser, Role, has_role


def trainings_visible_to(user: AnyUser) -> QuerySet[TrainingSession]:
    trainings = TrainingSession.objects.select_related("skill", "team", "trainer")
    if not user.is_authenticated:
        return trainings.none()
    if has_role(user, Role.TRAINER, Role.ADMIN):
        return trainings
    condition = Q(pk__in=[])
    if has_role(user, Role.MANAGER):
        condition |= Q(team__manager_id=user.pk) | Q(created_by_id=user.pk)
    if has_role(user, Role.OPERATOR):
        condition |= Q(attendees__user_id=user.pk)
    # An operator-manager could match twice through the attendees join.
    return trainings.filter(pk__in=TrainingSession.objects.filter(condition).values("pk"))
