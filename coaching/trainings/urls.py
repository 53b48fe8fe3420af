"""Pages of trainings, included into the "coaching" namespace."""

from django.urls import path

from coaching.trainings import views

urlpatterns = [
    path("", views.training_list, name="trainings"),
    path("new/", views.training_new, name="training-new"),
    path("<int:pk>/", views.training_detail, name="training"),
    path("<int:pk>/edit/", views.training_edit, name="training-edit"),
    path("<int:pk>/held/", views.training_held_view, name="training-held"),
    path("<int:pk>/cancel/", views.training_cancel_view, name="training-cancel"),
]
