"""The pages of calls/departments/ (namespace `departments`)."""

from django.urls import URLPattern

app_name = "departments"

urlpatterns: list[URLPattern] = []
