"""GET /api/v1/departments/…: the departments a person may read, a department's alerts and its
stored weekly reports (the report's JSON as it was sent). Admins and managers read every
department, a department member only their own (docs/departments.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.departments.access import departments_readable_by
from calls.departments.reports import content_for
from calls.models import Call, Department, DepartmentAlert, DepartmentReport
from calls.weeks import Week
from project.api_schema import error_response
from project.roles import Role, has_role

# Alerts and reports returned, the latest first.
LATEST = 100
MAX_ID = 2**63 - 1


class DepartmentReaders(permissions.BasePermission):
    message = _("Отделы доступны администраторам, руководителям и сотрудникам отделов.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, Role.ADMIN, Role.MANAGER, Role.DEPARTMENT)


class NoQuery(serializers.Serializer):
    """These endpoints take no query parameters; any is refused (400)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - {"format"})
        if unknown:
            raise serializers.ValidationError(
                {name[:100]: [_("Неизвестный параметр.")] for name in unknown}
            )
        return attrs


def _check_query(request: Request) -> None:
    NoQuery(data=request.query_params).is_valid(raise_exception=True)


def _department(request: Request, pk: int) -> Department:
    if not 0 < pk <= MAX_ID:
        raise Http404
    return get_object_or_404(departments_readable_by(request.user), pk=pk)


class DepartmentOutput(serializers.ModelSerializer):  # type: ignore[type-arg]
    tags = serializers.SerializerMethodField(help_text="Коды тегов, о которых отдел слышит.")

    class Meta:
        model = Department
        fields = ["id", "name", "code", "description", "is_active", "tags"]

    def get_tags(self, department: Department) -> list[str]:
        return list(department.subscribed_tags().order_by("code").values_list("code", flat=True))


class AlertOutput(serializers.ModelSerializer):  # type: ignore[type-arg]
    tag: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[type-arg]
        slug_field="code", read_only=True, help_text="Код тега.")
    calls: serializers.PrimaryKeyRelatedField = (  # type: ignore[type-arg]
        serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                           help_text="Звонки для прослушивания (id)."))
    quotes = serializers.SerializerMethodField(help_text=(
        "Слова клиентов из звонков, которые вам видны: [{call, start, text}]."))

    class Meta:
        model = DepartmentAlert
        fields = ["id", "tag", "day", "count", "threshold", "threshold_source", "usual_daily",
                  "calls", "quotes", "created_at"]

    def get_quotes(self, alert: DepartmentAlert) -> list[dict[str, Any]]:
        visible = {call.pk for call in alert.calls.all()}
        return [quote for quote in alert.quotes if quote.get("call") in visible]


class ReportSummaryOutput(serializers.ModelSerializer):  # type: ignore[type-arg]
    week_code = serializers.SerializerMethodField(help_text="Неделя ISO, например 2026-W47.")

    class Meta:
        model = DepartmentReport
        fields = ["id", "week", "week_code", "created_at"]

    def get_week_code(self, report: DepartmentReport) -> str:
        return Week(monday=report.week).code


class ReportOutput(ReportSummaryOutput):
    content = serializers.JSONField(help_text=(
        "Отчёт как он был отправлен: new_customers, repeat_reasons, problems (у каждого пункта "
        "tag, числа и examples — id звонков), analysed, previous_analysed, call_ids."))

    class Meta(ReportSummaryOutput.Meta):
        fields = [*ReportSummaryOutput.Meta.fields, "content"]


NOT_FOUND = {404: error_response("Нет такого отдела или отчёта, или он вам не виден.")}
BAD_QUERY = {400: error_response("Неизвестный параметр запроса.")}


class DepartmentListApi(APIView):
    """The departments this person may read."""

    permission_classes = [DepartmentReaders]

    @extend_schema(responses={200: DepartmentOutput(many=True), **BAD_QUERY})
    def get(self, request: Request) -> Response:
        _check_query(request)
        departments = departments_readable_by(request.user).order_by("name")
        return Response(DepartmentOutput(departments, many=True).data)


class DepartmentAlertsApi(APIView):
    """A department's same-day alerts, the latest first (at most 100)."""

    permission_classes = [DepartmentReaders]

    @extend_schema(responses={200: AlertOutput(many=True), **NOT_FOUND, **BAD_QUERY})
    def get(self, request: Request, pk: int) -> Response:
        _check_query(request)
        department = _department(request, pk)
        # The example calls this person may open (a manager: their teams'), as on the page.
        visible = Call.objects.visible_to(request.user).order_by("-started_at")
        alerts = department.alerts.select_related("tag").prefetch_related(
            Prefetch("calls", queryset=visible))[:LATEST]
        return Response(AlertOutput(alerts, many=True).data)


class DepartmentReportsApi(APIView):
    """A department's stored weekly reports, the latest first (at most 100), without content."""

    permission_classes = [DepartmentReaders]

    @extend_schema(responses={200: ReportSummaryOutput(many=True), **NOT_FOUND, **BAD_QUERY})
    def get(self, request: Request, pk: int) -> Response:
        _check_query(request)
        department = _department(request, pk)
        return Response(ReportSummaryOutput(department.reports.all()[:LATEST], many=True).data)


class DepartmentReportApi(APIView):
    """One stored weekly report with its content (JSON), by ISO week (2026-W47)."""

    permission_classes = [DepartmentReaders]

    @extend_schema(responses={200: ReportOutput, **NOT_FOUND, **BAD_QUERY})
    def get(self, request: Request, pk: int, week: str) -> Response:
        _check_query(request)
        department = _department(request, pk)
        try:
            monday = Week.parse(week).monday
        except (ValueError, OverflowError) as error:
            raise Http404 from error
        report = get_object_or_404(DepartmentReport, department=department, week=monday)
        data = ReportOutput(report).data
        # The example calls this person may open (a manager: their teams'), as on the page.
        data["content"] = content_for(report.content, request.user)
        return Response(data)
