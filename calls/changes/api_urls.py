"""The API of calls/changes/, under /api/v1/."""

from django.urls import URLPattern, path

from calls.changes import api

urlpatterns: list[URLPattern] = [
    path("changes/", api.ChangeListCreateApi.as_view(), name="api-changes"),
    path("changes/<int:pk>/", api.ChangeDetailApi.as_view(), name="api-change"),
]
