"""Personal report pages under /coaching/reports/: the list, composing one from an operator's
map, the report with its comments, sharing it with the operator and its PDF.

Coaching, not surveillance: an operator reaches only their own reports and only once shared (any
other is a 404, as a missing one); a manager their teams' operators' reports; trainers and
admins all (coaching/reports/queries.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Operator
from coaching.models import PersonalReport
from coaching.permissions import request_user
from coaching.reports import services
from coaching.reports.forms import CommentForm, OperatorFilterForm, ReportPeriodForm
from coaching.reports.pdf import report_filename, report_pdf
from coaching.reports.presentation import report_view
from coaching.reports.queries import reports_visible_to
from project.errors import DomainError

LIST_LIMIT = 200


def _require(user: User, permission: str) -> None:
    if not user.has_perm(f"coaching.{permission}"):
        raise PermissionDenied


def _report(request: HttpRequest, pk: int) -> PersonalReport:
    return get_object_or_404(reports_visible_to(request.user), pk=pk)


@login_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(user, "view_personalreport")
    reports = reports_visible_to(user)
    # Whoever may compose reports chooses among the operators they see; an operator has only theirs.
    form = None
    status = 200
    if user.has_perm("coaching.add_personalreport"):
        form = OperatorFilterForm(request.GET or None,
                                  operators=Operator.objects.visible_to(user).order_by("code"))
        if form.is_bound and not form.is_valid():
            status = 400
            reports = reports.none()
        elif form.is_bound and form.cleaned_data["operator"] is not None:
            reports = reports.filter(operator=form.cleaned_data["operator"])
    return render(request, "coaching/reports/list.html",
                  {"reports": reports[:LIST_LIMIT], "form": form,
                   "own": form is None}, status=status)


@login_required
@require_POST
def report_create(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    _require(user, "add_personalreport")
    # A code this person may not see is a 404 as a missing one.
    operator = get_object_or_404(Operator.objects.visible_to(user), code=code)
    form = ReportPeriodForm(request.POST)
    if not form.is_valid():
        return render(request, "coaching/reports/create_error.html",
                      {"form": form, "operator": operator}, status=400)
    report = services.report_generate(operator=operator,
                                      date_from=form.cleaned_data["date_from"],
                                      date_to=form.cleaned_data["date_to"], created_by=user)
    messages.success(request, _("Отчёт составлен. Оператор увидит его, когда вы его покажете."))
    return redirect("coaching:report", report.pk)


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = _report(request, pk)
    can_comment = user.has_perm("coaching.add_reportcomment")
    return render(request, "coaching/reports/detail.html", {
        "report": report,
        **report_view(report, user),
        "comments": report.comments.select_related("author"),
        "comment_form": CommentForm() if can_comment else None,
        "can_share": user.has_perm("coaching.change_personalreport"),
        "own": report.operator.user_id == user.pk,
    })


@login_required
@require_POST
def report_share(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = _report(request, pk)
    _require(user, "change_personalreport")
    try:
        services.report_share(report=report, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Отчёт показан оператору."))
    return redirect("coaching:report", report.pk)


@login_required
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = _report(request, pk)
    _require(user, "add_reportcomment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Напишите комментарий (до 5000 знаков)."))
        return redirect("coaching:report", report.pk)
    try:
        services.comment_add(report=report, author=user, text=form.cleaned_data["text"])
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("coaching:report", args=[report.pk]) + "#comments")


@login_required
@require_safe
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(report_pdf(report, request.user), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report_filename(report))
    return response
