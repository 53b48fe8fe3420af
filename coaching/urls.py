"""Coaching pages under /coaching/."""

from django.urls import path  # noqa: F401  (routes arrive with the pages)

app_name = "coaching"

urlpatterns: list = []
