"""The pages of calls/departments/findings/ (namespace `findings`)."""

from django.urls import path

from calls.departments.findings import views

app_name = "findings"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/done/", views.done, name="done"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/due/", views.reschedule, name="due"),
    path("<int:pk>/call-back/", views.call_back, name="call-back"),
]
