"""Reads of calls and operators as chainable QuerySet methods."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from calls.roles import sees_all_calls
from project.roles import AnyUser, Role, has_role, roles_of

if TYPE_CHECKING:
    from calls.models import Call, Operator  # noqa: F401


class OperatorQuerySet(models.QuerySet["Operator"]):
    def visible_to(self, user: AnyUser) -> OperatorQuerySet:
        if sees_all_calls(user):
            return self
        condition = Q(pk__in=[])
        if has_role(user, Role.MANAGER):
            condition |= Q(team__manager=user)
        if has_role(user, Role.OPERATOR):
            condition |= Q(user=user)
        return self.filter(condition)


class CallQuerySet(models.QuerySet["Call"]):
    def visible_to(self, user: AnyUser) -> CallQuerySet:
        """Operators see their own calls, managers their teams', trainers and admins all."""
        if not roles_of(user):
            return self.none()
        if sees_all_calls(user):
            return self
        condition = Q(pk__in=[])
        if has_role(user, Role.MANAGER):
            condition |= Q(operator__team__manager=user)
        if has_role(user, Role.OPERATOR):
            condition |= Q(operator__user=user)
        return self.filter(condition)

    def awaiting_transcription(self) -> CallQuerySet:
        return self.filter(status__in=["received", "queued"]).exclude(audio="")

    def stuck(self, *, now: datetime, older_than: timedelta) -> CallQuerySet:
        """Calls claimed by a worker that has not finished within the task timeout: it died."""
        return self.filter(status="transcribing", claimed_at__lt=now - older_than)
