"""Pages of reports, included into the "coaching" namespace."""

from django.urls import path

from coaching.reports import views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("operators/<str:code>/new/", views.report_create, name="report-create"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/share/", views.report_share, name="report-share"),
    path("<int:pk>/comments/", views.report_comment, name="report-comment"),
    path("<int:pk>/pdf/", views.report_download, name="report-pdf"),
]
