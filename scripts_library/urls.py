"""The scripts library's pages under /library/."""

from django.urls import path  # noqa: F401  (the features add their pages below)

app_name = "library"

urlpatterns: list = []

# Metrics and the monthly review (issue 8 §4, §5).
from scripts_library.metrics import views as metrics_views  # noqa: E402
from scripts_library.review import views as review_views  # noqa: E402

urlpatterns += [
    path("metrics/", metrics_views.metrics_page, name="metrics"),
    path("metrics/calls/", metrics_views.metrics_calls, name="metrics_calls"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("reviews/suggestions/<int:pk>/decide/", review_views.suggestion_decide_view,
         name="suggestion_decide"),
]

# The library editor, exemplar dialogs and the read-only library (scripts_library/editor/).
from django.urls import include  # noqa: E402

urlpatterns += [path("", include("scripts_library.editor.urls"))]
