"""`/status/`: the health report for people (calls/health.py), routed here so that the project's
URLconf names the module as a string and imports no app."""

from django.urls import path

from calls.health import status_view

urlpatterns = [path("", status_view, name="status")]
