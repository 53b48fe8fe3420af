from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from project.access import role_not_required
from project.roles import Role, has_role

# The admin site says whose it is, in the product's name rather than «Администрирование Django».
admin.site.site_header = _("Администрирование «Слышу»")
admin.site.site_title = _("Слышу")
admin.site.index_title = _("Справочники и настройки")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, the API's browsable
    pages): the product's icon, rather than a 404 in every console."""
    return redirect(static("calls/favicon.svg"), permanent=True)


def home(request: HttpRequest) -> HttpResponse:
    """Managers and admins start at the dashboard (their figures first, issue 19 §5), a
    department's member at their department's page; everyone else at the calls list, which
    sends each role on where it belongs (an annotator to the queue). By URL name: project
    imports no app."""
    if has_role(request.user, Role.MANAGER, Role.ADMIN):
        return redirect("dashboard:home")
    if has_role(request.user, Role.DEPARTMENT) and not has_role(
        request.user, Role.OPERATOR, Role.TRAINER, Role.ANNOTATOR
    ):
        # A department's member starts at what was sent to their department.
        return redirect("departments:mine")
    return redirect("calls:list")


urlpatterns = [
    path("favicon.ico", role_not_required(favicon)),
    path("", home, name="home"),
    # A user with no role may still sign in and out (project/access.py).
    path("login/", role_not_required(auth_views.LoginView.as_view()), name="login"),
    path("logout/", role_not_required(auth_views.LogoutView.as_view()), name="logout"),
    # Django's conventional address, which people and tools type from habit; ?next= is kept.
    path(
        "accounts/login/",
        role_not_required(
            RedirectView.as_view(pattern_name="login", permanent=False, query_string=True)
        ),
    ),
    # The customer's word cues (calls/voice/words/), edited by trainers and admins.
    path("calls/voice/cues/", include("calls.voice.words.urls")),
    # The weekly listen-list of hot calls (calls/voice/emotion/), for the people who coach.
    path("calls/voice/hot/", include("calls.voice.emotion.urls")),
    # Where hot calls turn, over the archive (calls/voice/turns/): the same people.
    path("calls/voice/turns/", include("calls.voice.turns.urls")),
    path("calls/", include("calls.urls")),
    path("health/", include("calls.health")),
    path("status/", include("calls.status_urls")),
    path("taxonomy/", include("calls.taxonomy.urls")),
    # From calls to action (issue 19): the manager's home, repeat contacts, departments with their
    # findings, and whether a change helped.
    path("dashboard/", include("calls.dashboard.urls")),
    path("contacts/", include("calls.contacts.urls")),
    path("departments/", include("calls.departments.urls")),
    path("findings/", include("calls.departments.findings.urls")),
    path("changes/", include("calls.changes.urls")),
    path("library/", include("scripts_library.urls")),
    path("coaching/", include("coaching.urls")),
    # The CRM sidebar a CRM frames (docs/sidebar.md); included by name, as project imports no app.
    path("sidebar/", include("scripts_library.sidebar.urls")),
    path("api/v1/", include("project.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs are for signed-in people: a browser without a session goes to the login page
    # (the schema itself answers 401/403, see SERVE_PERMISSIONS).
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="api/swagger_ui.html"
        )),
        name="swagger-ui",
    ),
    path("admin/", admin.site.urls),
]

# /api/ addresses answer errors in the API's JSON shape; every other address keeps its page.
handler404 = "project.api_errors.not_found"
handler500 = "project.api_errors.server_error"
