from django.urls import path

from calls.api import views

urlpatterns = [
    path("calls/", views.CallListCreateApi.as_view(), name="api-calls"),
    path("calls/<int:pk>/", views.CallDetailApi.as_view(), name="api-call-detail"),
    path("calls/<int:pk>/retry/", views.CallRetryApi.as_view(), name="api-call-retry"),
]
