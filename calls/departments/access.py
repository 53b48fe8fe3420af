"""Who reads which department's pages: admins and managers every department's, a member the
departments they belong to; only admins edit departments and resend e-mails."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from calls.models import Department
from project.roles import AnyUser, Role, has_role


def oversees_departments(user: AnyUser) -> bool:
    return has_role(user, Role.ADMIN, Role.MANAGER)


def departments_readable_by(user: AnyUser) -> QuerySet[Department]:
    if oversees_departments(user):
        return Department.objects.all()
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(members__pk=user.pk)


def overseer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Admins and managers; others signed in get 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oversees_departments(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
