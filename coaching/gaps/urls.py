"""Pages of gaps, included into the "coaching" namespace."""

from django.urls import path

from coaching.gaps import views

urlpatterns = [
    path("", views.gaps, name="gaps"),
    path("training/", views.gap_training, name="gap-training"),
]
