"""Pages of cohorts, included into the "coaching" namespace."""

from django.urls import URLPattern, path

from coaching.cohorts import views

urlpatterns: list[URLPattern] = [
    path("", views.cohort_page, name="cohorts"),
    path("calls/", views.cohort_calls, name="cohort-calls"),
]
