"""The pages of calls/dashboard/ (namespace `dashboard`)."""

from django.urls import URLPattern

app_name = "dashboard"

urlpatterns: list[URLPattern] = []
