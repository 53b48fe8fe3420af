from django.urls import path

from calls import views
from calls.corrections import views as corrections

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
]
