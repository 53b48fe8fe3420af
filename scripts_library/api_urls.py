"""The scripts library's API under /api/v1/: the CRM sidebar, the library's metrics and its
monthly reviews."""

from django.urls import path

from scripts_library.metrics.api import MetricsApi
from scripts_library.review.api import ReviewDetailApi, ReviewListApi
from scripts_library.sidebar.api import EventApi, LibraryApi, SuggestApi

urlpatterns = [
    # The CRM sidebar: docs/sidebar.md.
    path("sidebar/suggest", SuggestApi.as_view(), name="sidebar-suggest"),
    path("sidebar/library", LibraryApi.as_view(), name="sidebar-library"),
    path("sidebar/events", EventApi.as_view(), name="sidebar-events"),
    # Metrics: docs/library-metrics.md.
    path("library/metrics/", MetricsApi.as_view(), name="library-metrics"),
    # The monthly reviews: docs/library.md.
    path("library/reviews/", ReviewListApi.as_view(), name="library-reviews"),
    path("library/reviews/<int:pk>/", ReviewDetailApi.as_view(), name="library-review"),
]
