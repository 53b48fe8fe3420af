"""Which personal reports a person may see.

Coaching, not surveillance: an operator sees their own reports, and only once shared; a manager
the reports of their teams' operators, shared or not; trainers and admins all of them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coaching.models import PersonalReport
from project.roles import AnyUser, Role, has_role


def reports_visible_to(user: AnyUser) -> QuerySet[PersonalReport]:
    reports = PersonalReport.objects.select_related("operator", "operator__team", "created_by")
    if has_role(user, Role.TRAINER, Role.ADMIN):
        return reports
    condition = Q(pk__in=[])
    if has_role(user, Role.MANAGER):
        condition |= Q(operator__team__manager_id=user.pk)
    if has_role(user, Role.OPERATOR):
        condition |= Q(operator__user_id=user.pk, shared_at__isnull=False)
    return reports.filter(condition)
