"""Coaching pages under /coaching/."""

from django.urls import include, path  # noqa: F401  (routes arrive with the pages)

app_name = "coaching"

urlpatterns: list = [
    path("evaluations/", include("coaching.evaluations.urls")),
    path("", include("coaching.competency.urls")),
]
