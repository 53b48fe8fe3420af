"""A signed-in user with no role (project/roles.py) may use nothing but signing in and out.

Each view limits what a role sees, but a user with no role fell through those rules: lists
answered 200 and empty, and an API that only asked for a login gave every objection's code and
name. So the rule is kept in one place, before any view runs, not endpoint by endpoint:

- pages: RoleRequiredMiddleware answers the Russian page «ask an admin for a role» (403);
- the API: the default DRF authentication classes below refuse such a user with 403
  `no_role` in the API's error shape (project/api_errors.py), whether they came with the
  session or a token (the token is only known inside DRF, after the middleware ran).

What a user with no role still reaches is marked with @role_not_required: signing in and out,
the health probe, and the CRM sidebar's page (it tells them the same in its framable layout).
The admin keeps its own rule (staff only). Superusers count as admins (roles_of).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from project.roles import roles_of

if TYPE_CHECKING:
    from rest_framework.request import Request

View = TypeVar("View", bound=Callable[..., Any])


def role_not_required(view: View) -> View:
    """Let a signed-in user with no role through to this view (as login_not_required does for
    Django's LoginRequiredMiddleware); the view answers them itself."""
    view.role_not_required = True  # type: ignore[attr-defined]
    return view


class NoRole(exceptions.PermissionDenied):
    default_code = "no_role"
    default_detail = _(
        "У вашей учётной записи нет роли, поэтому данные «Слышу» вам недоступны. Попросите "
        "администратора назначить вам роль: оператор, тренер, руководитель, администратор или "
        "разметчик."
    )


def _answered_by_the_api(view: Callable[..., Any]) -> bool:
    """A DRF view answers in the API's shape, unless it renders HTML only (the API docs page)."""
    # Not at the top: rest_framework.views loads DRF's settings, which name this module.
    from rest_framework.views import APIView

    view_class = getattr(view, "cls", None)
    if not (isinstance(view_class, type) and issubclass(view_class, APIView)):
        return False
    return any(renderer.format != "html" for renderer in view_class.renderer_classes)


class RoleRequiredMiddleware:
    """Pages for people: a signed-in user with no role gets the page that says what to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or roles_of(user):
            return None
        if getattr(view, "role_not_required", False) or _answered_by_the_api(view):
            # The API's own authentication refuses them below, in the API's shape.
            return None
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            # The admin lets in staff only, by its own permissions, and has its own login.
            return None
        return render(request, "no_role.html", status=403)


def _refuse_without_role(result: tuple[Any, Any] | None) -> tuple[Any, Any] | None:
    if result is not None and not roles_of(result[0]):
        raise NoRole()
    return result


class RoleRequiredTokenAuthentication(authentication.TokenAuthentication):
    """The CRM's per-operator token; a token of a user with no role is refused (403 no_role)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        return _refuse_without_role(super().authenticate(request))


class RoleRequiredSessionAuthentication(authentication.SessionAuthentication):
    """The pages' session, as the API sees it; a user with no role is refused (403 no_role)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        return _refuse_without_role(super().authenticate(request))
