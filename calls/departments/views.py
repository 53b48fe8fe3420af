"""The departments' pages (docs/departments.md): the list and form (admins, managers read), a
department's page, a member's own page, and the stored weekly reports (page and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.departments.access import departments_readable_by, overseer_required
from calls.departments.forms import DepartmentForm
from calls.departments.outbox import email_resend
from calls.departments.reports import report_filename, report_pdf, report_send, report_view
from calls.models import Call, Department, DepartmentReport, OutgoingEmail, Tag
from calls.weeks import Week
from project.roles import Role, admin_required, has_role
from project.russian import plural

ALERTS_SHOWN = 20
REPORTS_SHOWN = 12
EMAILS_SHOWN = 30


@overseer_required
@require_safe
def department_list(request: HttpRequest) -> HttpResponse:
    departments = (
        Department.objects.prefetch_related(
            "categories", Prefetch("tags", queryset=Tag.objects.order_by("name")), "members")
        .annotate(
            last_alert=Max("alerts__created_at"),
            last_report=Max("reports__week"),
            failed_emails=Count("emails", filter=Q(emails__status=OutgoingEmail.Status.FAILED),
                                distinct=True),
        )
    )
    return render(request, "departments/list.html", {
        "departments": departments, "may_edit": has_role(request.user, Role.ADMIN),
    })


@admin_required
@require_http_methods(["GET", "POST"])
def department_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    department = get_object_or_404(Department, pk=pk) if pk is not None else None
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            messages.success(request, f"Отдел «{saved.name}» сохранён.")
            return redirect("departments:detail", pk=saved.pk)
        return render(request, "departments/form.html",
                      {"form": form, "department": department}, status=400)
    return render(request, "departments/form.html", {"form": form, "department": department})


def _department_context(department: Department, request: HttpRequest) -> dict[str, Any]:
    # A manager reads every department's alerts, but opens (and is shown) only the example
    # calls of their teams; a member sees the calls shared with the department.
    visible = Call.objects.visible_to(request.user)
    alerts = list(
        department.alerts.select_related("tag").prefetch_related(
            Prefetch("calls", queryset=visible.order_by("-started_at")))[:ALERTS_SHOWN]
    )
    return {
        "department": department,
        "subscribed": list(department.subscribed_tags().order_by("name")),
        "alerts": [{"alert": alert, "count_text": plural(alert.count, "звонок,звонка,звонков"),
                    "calls": list(alert.calls.all()),
                    "quotes": [quote for quote in alert.quotes
                               if any(call.pk == quote.get("call") for call in alert.calls.all())]}
                   for alert in alerts],
        "reports": list(department.reports.all()[:REPORTS_SHOWN]),
    }


@login_required
@require_safe
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(departments_readable_by(request.user), pk=pk)
    is_admin = has_role(request.user, Role.ADMIN)
    context = _department_context(department, request)
    context.update({
        "is_admin": is_admin,
        "members": list(department.members.order_by("username")),
        "emails": list(department.emails.defer("attachment", "html", "text")[:EMAILS_SHOWN])
        if is_admin else [],
        "failed": department.emails.filter(status=OutgoingEmail.Status.FAILED).count(),
        "last_week": Week.last_full(timezone.localdate()).code,
    })
    return render(request, "departments/detail.html", context)


@login_required
@require_safe
def my_departments(request: HttpRequest) -> HttpResponse:
    """A department member's page: their departments' alerts and reports (and findings)."""
    departments = Department.objects.filter(members__pk=request.user.pk or 0).order_by("name")
    if not departments and not has_role(request.user, Role.DEPARTMENT):
        raise PermissionDenied
    return render(request, "departments/mine.html", {
        "sections": [_department_context(department, request) for department in departments],
    })


def _stored_report(request: HttpRequest, pk: int, week: str) -> DepartmentReport:
    department = get_object_or_404(departments_readable_by(request.user), pk=pk)
    try:
        monday = Week.parse(week).monday
    except ValueError as error:
        raise Http404("Неделя пишется как 2026-W47.") from error
    return get_object_or_404(
        DepartmentReport.objects.select_related("department"), department=department, week=monday
    )


@login_required
@require_safe
def report_page(request: HttpRequest, pk: int, week: str) -> HttpResponse:
    report = _stored_report(request, pk, week)
    return render(request, "departments/report.html", report_view(report, user=request.user))


@login_required
@require_safe
def report_pdf_view(request: HttpRequest, pk: int, week: str) -> HttpResponse:
    report = _stored_report(request, pk, week)
    response = HttpResponse(report_pdf(report, request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report_filename(report)}"'
    return response


@admin_required
@require_POST
def report_build(request: HttpRequest, pk: int) -> HttpResponse:
    """Build and send last week's report now (the schedule does it on Monday morning)."""
    department = get_object_or_404(Department, pk=pk)
    week = Week.last_full(timezone.localdate())
    report = report_send(department=department, week=week)
    messages.success(request, f"Отчёт за неделю {week.code} собран; письма в очереди.")
    return redirect("departments:report", pk=department.pk, week=report.content["week"])


@admin_required
@require_POST
def email_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(OutgoingEmail, pk=pk)
    email_resend(email=email)
    messages.success(request, f"Письмо для {email.to} снова в очереди.")
    return redirect("departments:detail", pk=email.department_id)

