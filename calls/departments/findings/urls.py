"""The pages of calls/departments/findings/ (namespace `findings`)."""

from django.urls import URLPattern

app_name = "findings"

urlpatterns: list[URLPattern] = []
