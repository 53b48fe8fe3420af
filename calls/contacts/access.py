"""Who reads the contacts figures and who sets goals.

Every role but a department member reads the overview and the goals, over the calls they may see
(`Call.objects.visible_to`): an operator's figures are of their own calls only, a manager's of
their teams'. Goals are set and removed by managers and admins.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from project.roles import AnyUser, Role, has_role

View = Callable[..., HttpResponse]


def reads_contacts(user: AnyUser) -> bool:
    return has_role(user, Role.OPERATOR, Role.MANAGER, Role.TRAINER, Role.ADMIN)


def sets_goals(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER, Role.ADMIN)


def _required(check: Callable[[AnyUser], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


contacts_reader_required = _required(reads_contacts)
goal_setter_required = _required(sets_goals)


class ContactsReaders(permissions.BasePermission):
    message = _("Повторные обращения доступны операторам, руководителям, тренерам и "
                "администраторам.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return reads_contacts(request.user)
        return sets_goals(request.user)
