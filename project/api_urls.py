"""Every app's API under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("calls.api.urls")),
    path("", include("calls.dashboard.api_urls")),
    path("", include("calls.contacts.api_urls")),
    path("", include("calls.departments.api_urls")),
    path("", include("calls.departments.findings.api_urls")),
    path("", include("calls.changes.api_urls")),
    path("", include("scripts_library.api_urls")),
    path("", include("coaching.api_urls")),
]
