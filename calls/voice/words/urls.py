from django.urls import path

from calls.voice.words import views

app_name = "voice_words"

urlpatterns = [
    path("", views.cue_lists, name="cues"),
    path("<slug:kind>/new/", views.cue_form_view, name="cue-create"),
    path("<int:pk>/", views.cue_form_view, name="cue-edit"),
    path("<int:pk>/delete/", views.cue_delete_view, name="cue-delete"),
]
