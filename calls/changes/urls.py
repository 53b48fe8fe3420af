"""The pages of calls/changes/ (namespace `changes`)."""

from django.urls import URLPattern, path

from calls.changes import views

app_name = "changes"

urlpatterns: list[URLPattern] = [
    path("", views.change_list, name="list"),
    path("new/", views.change_create, name="create"),
    path("<int:pk>/", views.change_detail, name="detail"),
]
