"""Who may do what with findings (docs/findings.md).

Managers and admins open findings, edit their due date and decline them, and read every
finding; the owning department's members («Сотрудник отдела», members of finding.department)
read their department's findings and move them to «в работе» and «сделано», as managers and
admins may. Operators, trainers and annotators see no findings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from calls.models import Finding
from project.roles import AnyUser, Role, has_role

View = Callable[..., HttpResponse]


def manages_findings(user: AnyUser) -> bool:
    """Opens, edits and declines findings; reads them all."""
    return has_role(user, Role.MANAGER, Role.ADMIN)


def reads_findings(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER, Role.ADMIN, Role.DEPARTMENT)


def visible_findings(user: AnyUser) -> QuerySet[Finding]:
    """Every finding for managers and admins; a department member's departments' findings."""
    if manages_findings(user):
        return Finding.objects.all()
    if has_role(user, Role.DEPARTMENT) and user.pk is not None:
        return Finding.objects.filter(department__members__pk=user.pk).distinct()
    return Finding.objects.none()


def works_on(user: AnyUser, finding: Finding) -> bool:
    """Moves the finding to «в работе» and «сделано»: its department's members, managers and
    admins."""
    if manages_findings(user):
        return True
    return (
        has_role(user, Role.DEPARTMENT)
        and user.pk is not None
        and finding.department.members.filter(pk=user.pk).exists()
    )


def findings_reader_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not reads_findings(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def findings_manager_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not manages_findings(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class FindingsReaders(permissions.BasePermission):
    """Reads: managers, admins and department members; writes are checked by the services
    (who may do which step depends on the finding)."""

    message = _("Находки доступны руководителям, администраторам и сотрудникам отделов.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return reads_findings(request.user)
