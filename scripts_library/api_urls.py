"""The scripts library's API under /api/v1/ (the sidebar, the library, its metrics)."""

from django.urls import path  # noqa: F401  (the features add their endpoints below)

urlpatterns: list = []

# The CRM sidebar (issue 8 §3): docs/sidebar.md.
from scripts_library.sidebar.api import EventApi, LibraryApi, SuggestApi  # noqa: E402

urlpatterns += [
    path("sidebar/suggest", SuggestApi.as_view(), name="sidebar-suggest"),
    path("sidebar/library", LibraryApi.as_view(), name="sidebar-library"),
    path("sidebar/events", EventApi.as_view(), name="sidebar-events"),
]

# Metrics (issue 8 §4).
from scripts_library.metrics.api import MetricsApi  # noqa: E402

urlpatterns += [
    path("library/metrics/", MetricsApi.as_view(), name="library-metrics"),
]
