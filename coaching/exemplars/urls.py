"""Pages of exemplars, included into the "coaching" namespace."""

from django.urls import URLPattern, path

from coaching.exemplars import views

urlpatterns: list[URLPattern] = [
    path("", views.library, name="exemplars"),
    path("save/", views.exemplar_save, name="exemplar-save"),
    path("<int:pk>/remove/", views.exemplar_delete, name="exemplar-remove"),
]
