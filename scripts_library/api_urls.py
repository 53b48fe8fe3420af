"""The scripts library's API under /api/v1/ (the sidebar, the library, its metrics)."""

from django.urls import path  # noqa: F401  (the features add their endpoints below)

urlpatterns: list = []
