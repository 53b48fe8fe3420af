"""Coaching API under /api/v1/."""

from django.urls import path  # noqa: F401  (routes arrive with the endpoints)

urlpatterns: list = []
