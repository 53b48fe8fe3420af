"""The pages of calls/dashboard/ (namespace `dashboard`)."""

from django.urls import path

from calls.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
]
