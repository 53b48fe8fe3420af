"""Coaching API under /api/v1/."""

from django.urls import path

from coaching.competency.api import CompetencyApi
from coaching.cycles.api import (
    CycleDetailApi,
    CycleListCreateApi,
    CycleResultApi,
    CycleResultUndoApi,
)

urlpatterns: list = [
    # The competency map: docs/coaching.md.
    path("operators/<str:code>/competency/", CompetencyApi.as_view(),
         name="coaching-competency"),
    # Coaching cycles: docs/api.md.
    path("coaching/cycles/", CycleListCreateApi.as_view(), name="coaching-cycles"),
    path("coaching/cycles/<int:pk>/", CycleDetailApi.as_view(), name="coaching-cycle"),
    path("coaching/cycles/<int:pk>/result/", CycleResultApi.as_view(),
         name="coaching-cycle-result"),
    path("coaching/cycles/<int:pk>/result/undo/", CycleResultUndoApi.as_view(),
         name="coaching-cycle-result-undo"),
]
