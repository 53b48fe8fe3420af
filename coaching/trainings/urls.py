"""Pages of trainings, included into the "coaching" namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
