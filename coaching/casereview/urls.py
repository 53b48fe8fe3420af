"""Pages of casereview, included into the "coaching" namespace."""

from django.urls import path

from coaching.casereview import views

urlpatterns = [
    path("", views.case_review, name="case-review"),
    path("print/", views.case_review_print, name="case-review-print"),
    path("calls/", views.case_review_calls, name="case-review-calls"),
]
