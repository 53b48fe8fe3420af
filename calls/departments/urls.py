"""The pages of calls/departments/ (namespace `departments`)."""

from django.urls import URLPattern, path

from calls.departments import views

app_name = "departments"

urlpatterns: list[URLPattern] = [
    path("", views.department_list, name="list"),
    path("new/", views.department_edit, name="create"),
    path("mine/", views.my_departments, name="mine"),
    path("<int:pk>/", views.department_detail, name="detail"),
    path("<int:pk>/edit/", views.department_edit, name="edit"),
    path("<int:pk>/reports/build/", views.report_build, name="report-build"),
    path("<int:pk>/reports/<str:week>/", views.report_page, name="report"),
    path("<int:pk>/reports/<str:week>/pdf/", views.report_pdf_view, name="report-pdf"),
    path("emails/<int:pk>/resend/", views.email_resend_view, name="email-resend"),
]
