"""The API of calls/changes/, under /api/v1/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
