from django.urls import path

from calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("upload/", views.call_upload, name="upload"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/retry/", views.call_retry_view, name="retry"),
    path("<int:pk>/audio/", views.call_audio, name="audio"),
]
