from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# The admin's own header says «Администрирование Django» otherwise: the product's name instead.
admin.site.site_header = _("Слышу: администрирование")
admin.site.site_title = _("Слышу")
admin.site.index_title = _("Справочники и настройки")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="calls:list", permanent=False), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's conventional address, which people and tools type from habit; ?next= is kept.
    path(
        "accounts/login/",
        RedirectView.as_view(pattern_name="login", permanent=False, query_string=True),
    ),
    path("calls/", include("calls.urls")),
    path("health/", include("calls.health")),
    path("status/", include("calls.status_urls")),
    path("taxonomy/", include("calls.taxonomy.urls")),
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
