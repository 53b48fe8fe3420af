from django.urls import path

from calls import views
from calls.corrections import views as corrections
from calls.vocabulary import views as vocabulary_views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("upload/", views.call_upload, name="upload"),
    path("corrections/", corrections.corrections_overview, name="corrections"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/retry/", views.call_retry_view, name="retry"),
    path("<int:pk>/audio/", views.call_audio, name="audio"),
    # A person's correction of a segment's text (calls/corrections/; the API does the same).
    path("<int:pk>/segments/<int:index>/correct/", corrections.segment_correct_view,
         name="segment-correct"),
    path("<int:pk>/segments/<int:index>/restore/", corrections.segment_restore_view,
         name="segment-restore"),
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
