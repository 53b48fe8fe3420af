"""Evaluation and calibration pages, included into the "coaching" namespace."""

from django.urls import path

from coaching.evaluations import views

urlpatterns = [
    path("", views.evaluation_list, name="evaluations"),
    path("new/", views.evaluation_start_view, name="evaluation-start"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("<int:pk>/scores/<int:score_pk>/", views.score_view, name="evaluation-score"),
    path("<int:pk>/comments/", views.comment_view, name="evaluation-comment"),
    path("<int:pk>/submit/", views.submit_view, name="evaluation-submit"),
    path("calibrations/", views.calibration_list, name="calibrations"),
    path("calibrations/new/", views.calibration_new, name="calibration-new"),
    path("calibrations/<int:pk>/", views.calibration_detail, name="calibration"),
    path("calibrations/<int:pk>/calls/<int:call_pk>/", views.calibration_score_view,
         name="calibration-score"),
    path("calibrations/<int:pk>/close/", views.calibration_close_view, name="calibration-close"),
]
