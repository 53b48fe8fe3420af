"""The coaching views' access check and signed-in user, shared so that every page refuses the
same way: not signed in → the login page, signed in without the permission → 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def coaching_permission(permission: str) -> Callable[[View], View]:
    """Signed-in users with the coaching app's `permission` (e.g. "view_evaluation"); others get
    403."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(f"coaching.{permission}"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind login_required or coaching_permission."""
    assert isinstance(request.user, User)
    return request.user
