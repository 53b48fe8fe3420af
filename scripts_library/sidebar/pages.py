"""The embeddable sidebar page /sidebar/ and its own login, both framable by the CRM origins.

Every other page of the site keeps X-Frame-Options: DENY and the site-wide frame-ancestors; these
two pages alone drop X-Frame-Options (xframe_options_exempt) and answer
`frame-ancestors 'self' <SIDEBAR_ORIGINS>`, so only the configured CRMs can frame them. The login
is inside the frame too: the site's login page is not framable, and an operator must not leave
the CRM to sign in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from project.roles import Role, roles_of
from scripts_library.sidebar.events import operator_of

# The page's own text limit mirrors the API's (scripts_library/sidebar/suggest.py).
from scripts_library.sidebar.suggest import MAX_TEXT_CHARS


def framable(response: HttpResponseBase) -> HttpResponseBase:
    """Only the configured CRM origins (and this site) may frame this response."""
    response.xframe_options_exempt = True  # type: ignore[attr-defined]
    # django-csp's per-response hook, as its csp_replace decorator sets it.
    response._csp_replace = {  # type: ignore[attr-defined]
        "frame-ancestors": ["'self'", *settings.SIDEBAR_ORIGINS],
    }
    return response


def sidebar_page(request: HttpRequest) -> HttpResponseBase:
    """The operator's tool; for anyone else, first what it is for and how to try it.

    Operators get the tool alone (it lives in a narrow CRM frame). Trainers and admins get the
    tool under a note on what it is and how a CRM is connected, since they open it to try it or
    to set it up; a manager, who may not use it (docs/sidebar.md), gets that note alone, not a
    bare 403; a user with no role is told to ask for one, inside the frame's layout.
    """
    if not request.user.is_authenticated:
        return framable(redirect(f"{reverse('sidebar:login')}?next={request.get_full_path()}"))
    user_roles = roles_of(request.user)
    allowed = bool(user_roles & {Role.OPERATOR, Role.TRAINER, Role.ADMIN})
    records_events = Role.OPERATOR in user_roles and operator_of(request.user) is not None
    response: HttpResponse = render(request, "sidebar/page.html", {
        "allowed": allowed,
        "has_role": bool(user_roles),
        # The note for those who did not come to answer a customer.
        "explain": bool(user_roles) and Role.OPERATOR not in user_roles,
        "records_events": records_events,
        "origins": " ".join(settings.SIDEBAR_ORIGINS),
        "call": request.GET.get("call", "")[:200],
        "max_chars": MAX_TEXT_CHARS,
    }, status=200 if user_roles else 403)
    return framable(response)


class SidebarLoginView(auth_views.LoginView):
    template_name = "sidebar/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("sidebar:page")  # type: ignore[assignment]

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        return framable(super().dispatch(request, *args, **kwargs))


class SidebarLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("sidebar:login")  # type: ignore[assignment]

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().dispatch(request, *args, **kwargs)
        framable(response)
        return response
