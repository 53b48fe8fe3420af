"""The findings pages (namespace `findings`, docs/findings.md): the board, a new finding
(prefilled from GET), one finding with its steps, and the customers to call back.

Managers and admins see every finding; a department member only their departments' (another
department's finding is a 404, as a missing one); everyone else gets 403.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.departments.findings.access import (
    findings_manager_required,
    findings_reader_required,
    manages_findings,
    visible_findings,
    works_on,
)
from calls.departments.findings.callbacks import callback_customers, finding_callback_mark
from calls.departments.findings.forms import (
    BoardFilterForm,
    CallbackForm,
    DeclineForm,
    DoneForm,
    DueForm,
    FindingForm,
    prefill,
)
from calls.departments.findings.queries import BoardGroup, findings_board, group_of
from calls.departments.findings.services import (
    OPEN_STATES,
    finding_decline,
    finding_done,
    finding_due_set,
    finding_open,
    finding_start,
)
from calls.models import Call, Department, Finding, TagEvidence
from project.errors import DomainError
from project.roles import AnyUser, Role, has_role
from project.russian import plural

FINDINGS = "находка,находки,находок"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def board_departments(user: AnyUser) -> QuerySet[Department]:
    if manages_findings(user):
        return Department.objects.order_by("name")
    if has_role(user, Role.DEPARTMENT) and user.pk is not None:
        return Department.objects.filter(members__pk=user.pk).order_by("name")
    return Department.objects.none()


def board_url(*, department: Department | None = None, group: BoardGroup | None = None) -> str:
    params = {}
    if department is not None:
        params["department"] = department.code
    if group is not None:
        params["status"] = group.value
    return reverse("findings:board") + ("?" + urlencode(params) if params else "")


@findings_reader_required
@require_safe
def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = BoardFilterForm(request.GET or None, departments=board_departments(user))
    findings = visible_findings(user)
    department: Department | None = None
    only: BoardGroup | None = None
    status = 200
    if filters.is_bound:
        if filters.is_valid():
            department = filters.cleaned_data["department"]
            only = BoardGroup(filters.cleaned_data["status"]) if filters.cleaned_data[
                "status"] else None
            if department is not None:
                findings = findings.filter(department=department)
        else:
            status, findings = 400, findings.none()
    result = findings_board(findings, today=timezone.localdate(), only=only)
    counts = [
        {"group": group, "label": group.label, "count": result.counts[group],
         "text": plural(result.counts[group], FINDINGS),
         "url": board_url(department=department, group=group), "current": group == only}
        for group in BoardGroup
    ]
    groups = [
        {"group": group, "label": group.label, "findings": rows,
         "count": result.counts[group], "text": plural(result.counts[group], FINDINGS),
         "url": board_url(department=department, group=group)}
        for group, rows in result.groups.items()
    ]
    return render(request, "findings/board.html", {
        "filters": filters,
        "counts": counts,
        "total_text": plural(sum(result.counts.values()), FINDINGS),
        "all_url": board_url(department=department),
        "groups": groups,
        "today": result.today,
        "can_open": manages_findings(user),
    }, status=status)


@findings_manager_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = FindingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = finding_open(
                    title=data["title"], department=data["department"], due_on=data["due_on"],
                    by=user, tag=data["tag"], line=data["line"], call_ids=data["calls"],
                    source=data["source"], source_ref=data["source_ref"],
                    description=data["description"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                attached = finding.calls.count()
                messages.success(request, _("Находка открыта и передана отделу «%(department)s»; "
                                            "звонков: %(calls)s.") % {
                    "department": finding.department.name, "calls": attached})
                return redirect("findings:detail", finding.pk)
        status = 400
    else:
        form = FindingForm(initial=prefill(request.GET, user=user))
        status = 200
    return render(request, "findings/new.html", {
        "form": form,
        "calls": _prefilled_calls(form, user),
    }, status=status)


def _prefilled_calls(form: FindingForm, user: AnyUser) -> list[Call]:
    """The calls the form will attach, to listen to before opening the finding."""
    if form.is_bound:
        ids = form.cleaned_data.get("calls", []) if hasattr(form, "cleaned_data") else []
    else:
        text = str(form.initial.get("calls", ""))
        ids = [int(part) for part in text.split(",") if part.strip().isdigit()]
    if not ids:
        return []
    return list(Call.objects.visible_to(user).filter(pk__in=ids).select_related("line")
                .order_by("-started_at"))


def _finding(request: HttpRequest, pk: int) -> Finding:
    return get_object_or_404(
        visible_findings(request.user).select_related(
            "department", "tag", "line", "change", "created_by", "done_by"), pk=pk)


def _evidence(finding: Finding, calls: list[Call]) -> dict[int, list[TagEvidence]]:
    """The customers' own words that put the finding's tag on each call."""
    words: dict[int, list[TagEvidence]] = defaultdict(list)
    if finding.tag_id is None or not calls:
        return words
    for moment in (TagEvidence.objects.filter(call_tag__call__in=[c.pk for c in calls],
                                              call_tag__tag_id=finding.tag_id)
                   .select_related("call_tag").order_by("call_tag__call_id", "start")):
        words[moment.call_tag.call_id].append(moment)
    return words


@findings_reader_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    finding = _finding(request, pk)
    calls = list(finding.calls.filter(pk__in=Call.objects.visible_to(user).values("pk"))
                 .select_related("line").order_by("-started_at", "-pk"))
    words = _evidence(finding, calls)
    is_open = finding.status in OPEN_STATES
    may_work = works_on(user, finding)
    manages = manages_findings(user)
    source_url = None
    if finding.source == Finding.Source.TOP_PROBLEM and finding.source_ref:
        source_url = reverse("taxonomy:problems") + "?" + finding.source_ref
    done = finding.status == Finding.Status.DONE
    customers = callback_customers(finding=finding, user=user) if done else []
    called_back = sum(1 for customer in customers if customer.callback is not None)
    return render(request, "findings/detail.html", {
        "finding": finding,
        "group": group_of(finding, today=timezone.localdate()),
        "events": finding.events.select_related("by"),
        "calls": [{"call": call, "words": words.get(call.pk, [])} for call in calls],
        "calls_text": plural(len(calls), "звонок,звонка,звонков"),
        "source_url": source_url,
        "can_start": may_work and finding.status == Finding.Status.OPEN,
        "can_done": may_work and is_open,
        "can_decline": manages and is_open,
        "can_reschedule": manages and is_open,
        "can_call_back": manages and done,
        "done_form": DoneForm(),
        "decline_form": DeclineForm(),
        "due_form": DueForm(initial={"due_on": finding.due_on}),
        "customers": customers,
        "customers_text": plural(len(customers), "клиент,клиента,клиентов"),
        "called_back_text": plural(called_back, "клиенту,клиентам,клиентам"),
        "called_back": called_back,
    })


def _form_errors(form: Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _step(request: HttpRequest, pk: int, form_class: type[Form] | None,
          run: Any, success: str) -> HttpResponse:
    """One step on a finding: the form checked, the service run, its Russian error shown on the
    finding's page (a 403 for a person who may not take it, from the service)."""
    finding = _finding(request, pk)
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect("findings:detail", finding.pk)
        data = form.cleaned_data
    try:
        run(finding, _user(request), data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("findings:detail", finding.pk)


@findings_reader_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, None,
                 lambda f, by, d: finding_start(finding=f, by=by),
                 _("Находка взята в работу."))


@findings_reader_required
@require_POST
def done(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DoneForm,
                 lambda f, by, d: finding_done(finding=f, by=by, what_changed=d["what_changed"]),
                 _("Находка сделана; изменение зарегистрировано — звонки до и после сравнятся "
                   "сами."))


@findings_manager_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DeclineForm,
                 lambda f, by, d: finding_decline(finding=f, by=by, reason=d["reason"]),
                 _("Находка отклонена."))


@findings_manager_required
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DueForm,
                 lambda f, by, d: finding_due_set(finding=f, by=by, due_on=d["due_on"]),
                 _("Срок изменён."))


@findings_manager_required
@require_POST
def call_back(request: HttpRequest, pk: int) -> HttpResponse:
    """A customer was told the problem is fixed: marked by their latest call's id (the page
    never holds the customer's key)."""
    finding = _finding(request, pk)
    form = CallbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("findings:detail", finding.pk)
    call = Call.objects.visible_to(request.user).filter(pk=form.cleaned_data["call"]).first()
    if call is None:
        messages.error(request, _("Такого звонка нет среди обращений по находке."))
        return redirect("findings:detail", finding.pk)
    try:
        finding_callback_mark(finding=finding, call=call, by=_user(request),
                              note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Отмечено: клиенту сообщили об исправлении."))
    return redirect(reverse("findings:detail", args=[finding.pk]) + "#callbacks")
