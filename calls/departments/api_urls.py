"""The API of calls/departments/, under /api/v1/."""

from django.urls import URLPattern, path

from calls.departments import api

urlpatterns: list[URLPattern] = [
    path("departments/", api.DepartmentListApi.as_view(), name="api-departments"),
    path("departments/<int:pk>/alerts/", api.DepartmentAlertsApi.as_view(),
         name="api-department-alerts"),
    path("departments/<int:pk>/reports/", api.DepartmentReportsApi.as_view(),
         name="api-department-reports"),
    path("departments/<int:pk>/reports/<str:week>/", api.DepartmentReportApi.as_view(),
         name="api-department-report"),
]
