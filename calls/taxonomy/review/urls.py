from django.urls import path

from calls.taxonomy.review import views

# Included under /taxonomy/ in the taxonomy's namespace (calls/taxonomy/urls.py).
urlpatterns = [
    path("review/", views.review_list, name="reviews"),
    path("review/<int:pk>/", views.review_detail, name="review"),
    path("review/<int:pk>/apply/", views.review_apply_view, name="review-apply"),
    path(
        "review/suggestions/<int:pk>/decide/",
        views.suggestion_decide_view,
        name="suggestion-decide",
    ),
    path(
        "review/suggestions/<int:pk>/calls/<slug:evidence>/",
        views.suggestion_calls,
        name="suggestion-calls",
    ),
]
