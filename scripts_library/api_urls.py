"""The scripts library's API under /api/v1/: the CRM sidebar and the library's metrics."""

from django.urls import path

from scripts_library.metrics.api import MetricsApi
from scripts_library.sidebar.api import EventApi, LibraryApi, SuggestApi

urlpatterns = [
    # The CRM sidebar: docs/sidebar.md.
    path("sidebar/suggest", SuggestApi.as_view(), name="sidebar-suggest"),
    path("sidebar/library", LibraryApi.as_view(), name="sidebar-library"),
    path("sidebar/events", EventApi.as_view(), name="sidebar-events"),
    # Metrics: docs/library-metrics.md.
    path("library/metrics/", MetricsApi.as_view(), name="library-metrics"),
]
