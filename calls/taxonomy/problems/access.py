"""Who reads top problems and co-occurrence: managers (over their teams' calls), trainers and
admins (over every call). Operators see none of the taxonomy tools (issue 17)."""

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


def reads_problems(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER, Role.TRAINER, Role.ADMIN)


def problems_reader_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not reads_problems(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class ProblemsReaders(permissions.BasePermission):
    message = _(
        "Главные проблемы и совпадения тегов доступны руководителям, тренерам и администраторам."
    )

    def has_permission(self, request: Request, view: APIView) -> bool:
        return reads_problems(request.user)
