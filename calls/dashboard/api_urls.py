"""The API of calls/dashboard/, under /api/v1/."""

from django.urls import path

from calls.dashboard.api import DashboardApi

urlpatterns = [
    path("dashboard/", DashboardApi.as_view(), name="api-dashboard"),
]
