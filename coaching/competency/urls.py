"""Competency pages, included into the "coaching" namespace."""

from django.urls import path

from coaching.competency import views

urlpatterns = [
    path("me/", views.my_map, name="my-competency"),
    path("operators/<str:code>/", views.operator_map, name="competency"),
    path("operators/<str:code>/skills/<slug:skill>/calls/", views.competency_calls,
         name="competency-calls"),
    path("teams/", views.team_list, name="teams"),
    path("teams/<int:pk>/", views.team_overview, name="team"),
]
