"""Pages of scorecards, included into the "coaching" namespace."""

from django.urls import path

from coaching.scorecards import views

urlpatterns = [
    path("", views.scorecard_list, name="scorecards"),
    path("new/", views.scorecard_new, name="scorecard-new"),
    path("<int:pk>/", views.scorecard_detail, name="scorecard"),
    path("<int:pk>/edit/", views.scorecard_edit, name="scorecard-edit"),
]
