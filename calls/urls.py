from django.urls import path

from calls import views
from calls.vocabulary import views as vocabulary_views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("upload/", views.call_upload, name="upload"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/retry/", views.call_retry_view, name="retry"),
    path("<int:pk>/audio/", views.call_audio, name="audio"),
    # The lines' own vocabularies (docs/line-vocabulary.md).
    path("lines/", vocabulary_views.line_list, name="lines"),
    path("lines/<int:pk>/vocabulary/", vocabulary_views.line_vocabulary,
         name="line-vocabulary"),
    path("lines/<int:pk>/vocabulary/add/", vocabulary_views.line_term_add_view,
         name="line-term-add"),
    path("lines/<int:pk>/vocabulary/<int:term_pk>/remove/", vocabulary_views.line_term_remove_view,
         name="line-term-remove"),
    path("lines/<int:pk>/vocabulary/decoder/", vocabulary_views.line_decoder_switch_view,
         name="line-decoder-switch"),
    path("lines/<int:pk>/vocabulary/calls/", vocabulary_views.line_term_calls,
         name="line-term-calls"),
]
