"""Coaching pages under /coaching/, one URL module per feature."""

from django.urls import include, path

app_name = "coaching"

urlpatterns: list = [
    path("evaluations/", include("coaching.evaluations.urls")),
    path("reports/", include("coaching.reports.urls")),
    path("gaps/", include("coaching.gaps.urls")),
    path("cycles/", include("coaching.cycles.urls")),
    path("scorecards/", include("coaching.scorecards.urls")),
    path("trainings/", include("coaching.trainings.urls")),
    path("exemplars/", include("coaching.exemplars.urls")),
    path("cohorts/", include("coaching.cohorts.urls")),
    path("case-review/", include("coaching.casereview.urls")),
    path("", include("coaching.competency.urls")),
]
