from django.urls import path

from calls.voice.turns import views

app_name = "voice_turns"

urlpatterns = [
    path("", views.turns_page, name="turns"),
]
