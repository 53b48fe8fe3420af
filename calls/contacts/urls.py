"""The pages of calls/contacts/ (namespace `contacts`)."""

from django.urls import URLPattern

app_name = "contacts"

urlpatterns: list[URLPattern] = []
