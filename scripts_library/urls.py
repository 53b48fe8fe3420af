"""The scripts library's pages under /library/."""

from django.urls import include, path

from scripts_library.metrics import views as metrics_views
from scripts_library.review import views as review_views

app_name = "library"

urlpatterns = [
    # The library editor, exemplar dialogs and the read-only library (scripts_library/editor/).
    path("", include("scripts_library.editor.urls")),
    # Metrics and the monthly review (docs/library-metrics.md).
    path("metrics/", metrics_views.metrics_page, name="metrics"),
    path("metrics/calls/", metrics_views.metrics_calls, name="metrics_calls"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("reviews/suggestions/<int:pk>/calls/<slug:evidence>/", review_views.suggestion_calls,
         name="suggestion_calls"),
    path("reviews/suggestions/<int:pk>/decide/", review_views.suggestion_decide_view,
         name="suggestion_decide"),
]
