"""The pages of calls/contacts/ (namespace `contacts`)."""

from django.urls import path

from calls.contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("goals/", views.goals, name="goals"),
    path("goals/new/", views.goal_new, name="goal-new"),
    path("goals/<int:pk>/delete/", views.goal_remove, name="goal-delete"),
]
