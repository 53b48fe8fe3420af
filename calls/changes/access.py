"""Who reads and registers changes: managers (over their teams' calls), trainers and admins
(over every call) read them; managers and admins register them. Operators and department
members get 403: an operator's own figures are the dashboard's business, and a department sees
only the calls sent to it, too few to judge a change by."""

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


def reads_changes(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER, Role.TRAINER, Role.ADMIN)


def registers_changes(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER, Role.ADMIN)


def changes_reader_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not reads_changes(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def changes_registrar_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not registers_changes(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class ChangesReaders(permissions.BasePermission):
    message = _("Изменения доступны руководителям, тренерам и администраторам.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not reads_changes(request.user):
            return False
        if request.method == "POST" and not registers_changes(request.user):
            self.message = _("Регистрировать изменения могут руководители и администраторы.")
            return False
        return True
