"""The API of calls/contacts/, under /api/v1/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
