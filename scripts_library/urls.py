"""The scripts library's pages under /library/."""

from django.urls import path  # noqa: F401  (the features add their pages below)

app_name = "library"

urlpatterns: list = []
