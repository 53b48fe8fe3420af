from django.urls import path

from calls.voice.emotion import views

app_name = "voice_emotion"

urlpatterns = [
    path("", views.listen_list, name="hot"),
]
