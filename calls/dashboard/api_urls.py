"""The API of calls/dashboard/, under /api/v1/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
