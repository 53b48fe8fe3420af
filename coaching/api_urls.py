"""Coaching API under /api/v1/."""

from django.urls import path

from coaching.competency.api import CompetencyApi

urlpatterns: list = [
    # The competency map: docs/coaching.md.
    path("operators/<str:code>/competency/", CompetencyApi.as_view(),
         name="coaching-competency"),
]
