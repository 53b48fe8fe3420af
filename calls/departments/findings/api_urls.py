"""The API of calls/departments/findings/, under /api/v1/ (docs/findings.md)."""

from django.urls import path

from calls.departments.findings import api

urlpatterns = [
    path("findings/", api.FindingListCreateApi.as_view(), name="api-findings"),
    path("findings/<int:pk>/", api.FindingDetailApi.as_view(), name="api-finding"),
    path("findings/<int:pk>/start/", api.FindingStartApi.as_view(), name="api-finding-start"),
    path("findings/<int:pk>/done/", api.FindingDoneApi.as_view(), name="api-finding-done"),
    path("findings/<int:pk>/decline/", api.FindingDeclineApi.as_view(),
         name="api-finding-decline"),
    path("findings/<int:pk>/due/", api.FindingDueApi.as_view(), name="api-finding-due"),
    path("findings/<int:pk>/callbacks/", api.FindingCallbacksApi.as_view(),
         name="api-finding-callbacks"),
]
