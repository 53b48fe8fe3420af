"""Findings through the API (/api/v1/findings/, docs/findings.md): list and open, one finding,
its steps (start, done, decline, a new due date) and the customers to call back. Thin views over
services.py and callbacks.py with the pages' rules: managers and admins read every finding; a
department member reads their departments' findings (another's is a 404, as a missing one); the
services decide who may take each step (403) and which steps the state allows (409).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.departments.findings.access import FindingsReaders, manages_findings, visible_findings
from calls.departments.findings.callbacks import callback_customers, finding_callback_mark
from calls.departments.findings.forms import MAX_CALL_ID, MAX_CALLS
from calls.departments.findings.queries import BoardGroup, group_condition, group_of
from calls.departments.findings.services import (
    finding_decline,
    finding_done,
    finding_due_set,
    finding_open,
    finding_start,
)
from calls.models import Call, Department, Finding, Line, Tag
from project.api_inputs import JsonInput
from project.api_parsers import JsonParser
from project.api_schema import error_response

JSON_ONLY = [JsonParser]


# --- Shapes ----------------------------------------------------------------------------------


class FindingQuery(serializers.Serializer):
    department = serializers.CharField(required=False, max_length=100,
                                       help_text="Код отдела; без параметра — все доступные.")
    status = serializers.ChoiceField(
        required=False, choices=[(group.value, group.label) for group in BoardGroup],
        help_text="Группа доски: overdue — срок прошёл, не сделана; open — открыта, срок не "
                  "прошёл; in_progress — в работе, срок не прошёл; done; declined. Без "
                  "параметра — все.")


def _related(model: type[Any], name: str, message: str) -> serializers.SlugRelatedField:  # type: ignore[type-arg]
    return serializers.SlugRelatedField(
        slug_field="code", queryset=model.objects.all(), required=False, allow_null=True,
        help_text=f"Код ({name}).",
        error_messages={"does_not_exist": message, "invalid": "Нужна строка (код)."})


class FindingCreateInput(JsonInput):
    title = serializers.CharField(max_length=300, help_text="Проблема, коротко.")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), help_text="Код отдела.",
        error_messages={"does_not_exist": "Отдела «{value}» нет.",
                        "invalid": "Нужна строка (код)."})
    due_on = serializers.DateField(help_text="Срок; не в прошлом.")
    tag = _related(Tag, "тег", "Тега «{value}» нет.")
    line = _related(Line, "линия", "Линии «{value}» нет.")
    calls = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_CALL_ID), required=False,
        max_length=MAX_CALLS,
        help_text="id звонков, которые показывают проблему; звонки, которые вам не видны, не "
                  "добавляются. Отдел получает доступ к добавленным.")
    source = serializers.ChoiceField(choices=Finding.Source.choices, required=False,  # type: ignore[assignment]
                                     default=Finding.Source.MANUAL)
    source_ref = serializers.CharField(required=False, allow_blank=True, max_length=300,
                                       help_text="id оповещения или отчёта, запрос страницы.")

    def validate_calls(self, value: list[int]) -> list[int]:
        raw = self.initial_data.get("calls") if isinstance(self.initial_data, dict) else None
        if isinstance(raw, list) and any(
                not isinstance(item, int) or isinstance(item, bool) for item in raw):
            raise serializers.ValidationError(_("Нужен список целых чисел."))
        return value


class DoneInput(JsonInput):
    what_changed = serializers.CharField(
        max_length=5000, help_text="Что изменили; первая строка — название изменения.")


class DeclineInput(JsonInput):
    reason = serializers.CharField(max_length=2000, help_text="Почему отклонена.")


class DueInput(JsonInput):
    due_on = serializers.DateField(help_text="Новый срок; не в прошлом.")


class CallbackInput(JsonInput):
    call = serializers.IntegerField(
        min_value=1, max_value=MAX_CALL_ID,
        help_text="id последнего звонка клиента из списка (ключ клиента наружу не выдаётся).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class FindingNamedOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ChangeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    changed_on = serializers.DateField()
    url = serializers.CharField(allow_null=True, help_text="Страница изменения (до и после).")


class EventOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Finding.Status.choices)
    note = serializers.CharField()
    by = serializers.CharField(help_text="Логин.")
    at = serializers.DateTimeField()


class FindingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="Страница находки.")
    title = serializers.CharField()
    description = serializers.CharField()
    department = FindingNamedOutput()
    tag = FindingNamedOutput(allow_null=True)
    line = FindingNamedOutput(allow_null=True)
    status = serializers.ChoiceField(choices=Finding.Status.choices)
    status_name = serializers.CharField()
    group = serializers.ChoiceField(choices=[g.value for g in BoardGroup],
                                    help_text="Группа на доске (overdue — просрочена).")
    due_on = serializers.DateField()
    source = serializers.ChoiceField(choices=Finding.Source.choices)  # type: ignore[assignment]
    source_ref = serializers.CharField()
    calls = serializers.ListField(child=serializers.IntegerField(),
                                  help_text="id звонков находки, которые вам видны.")
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    what_changed = serializers.CharField()
    change = ChangeOutput(allow_null=True, help_text="Изменение, начатое сделанной находкой.")
    events = EventOutput(many=True, help_text="История шагов.")


class CallbackCustomerOutput(serializers.Serializer):
    phone = serializers.CharField(help_text="Телефон в маске; номер целиком не выдаётся.")
    latest_call = serializers.IntegerField(help_text="id последнего звонка клиента о проблеме.")
    latest_call_url = serializers.CharField()
    latest_call_at = serializers.DateTimeField()
    calls = serializers.IntegerField(help_text="Звонков клиента о проблеме (вам видных).")
    called_back_at = serializers.DateTimeField(allow_null=True)
    called_back_by = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_null=True)


class CallbacksOutput(serializers.Serializer):
    available = serializers.BooleanField(help_text="false, пока находка не сделана.")
    customers = CallbackCustomerOutput(many=True)


def _named(obj: Any) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def _change_url(pk: int) -> str | None:
    try:  # calls/changes/ has the page once its part lands
        return reverse("changes:detail", args=[pk])
    except NoReverseMatch:
        return None


def finding_data(finding: Finding, *, user: Any) -> dict[str, Any]:
    change = finding.change
    visible = Call.objects.visible_to(user).values("pk")
    return {
        "id": finding.pk, "url": reverse("findings:detail", args=[finding.pk]),
        "title": finding.title, "description": finding.description,
        "department": _named(finding.department), "tag": _named(finding.tag),
        "line": _named(finding.line), "status": finding.status,
        "status_name": finding.get_status_display(),
        "group": group_of(finding, today=timezone.localdate()).value,
        "due_on": finding.due_on, "source": finding.source, "source_ref": finding.source_ref,
        "calls": list(finding.calls.filter(pk__in=visible).order_by("pk")
                      .values_list("pk", flat=True)),
        "created_by": finding.created_by.get_username(), "created_at": finding.created_at,
        "started_at": finding.started_at, "done_at": finding.done_at,
        "what_changed": finding.what_changed,
        "change": None if change is None else {
            "id": change.pk, "title": change.title, "changed_on": change.changed_on,
            "url": _change_url(change.pk)},
        "events": [{"status": e.status, "note": e.note, "by": e.by.get_username(), "at": e.at}
                   for e in finding.events.select_related("by")],
    }


def _output(finding: Finding, request: Request) -> dict[str, Any]:
    return FindingOutput(finding_data(finding, user=request.user)).data  # type: ignore[return-value]


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _findings(request: Request) -> QuerySet[Finding]:
    return visible_findings(request.user).select_related(
        "department", "tag", "line", "change", "created_by")


def _finding(request: Request, pk: int) -> Finding:
    if pk > MAX_CALL_ID:  # past the id column's range: no such finding
        raise Http404
    finding = _findings(request).filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


def _step(request: Request, pk: int, run: Any) -> Response:
    finding = _finding(request, pk)
    try:
        run(finding, _user(request))
    except PermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from None
    return Response(_output(_finding(request, pk), request))


STEP_ERRORS = {
    403: error_response("permission_denied: этот шаг вам недоступен (взять в работу и сделать — "
                        "отдел находки и руководители; отклонить и менять срок — руководители "
                        "и администраторы)."),
    409: error_response("not_open — взять в работу можно только открытую; closed — находка уже "
                        "сделана или отклонена."),
}


# --- Views -----------------------------------------------------------------------------------


class FindingListCreateApi(generics.ListAPIView):
    """GET: the findings this person may see, earliest due first. POST: open a finding
    (managers and admins)."""

    serializer_class = FindingOutput
    permission_classes = [permissions.IsAuthenticated, FindingsReaders]
    parser_classes = JSON_ONLY

    def get_queryset(self) -> QuerySet[Finding]:
        params = self.request.query_params
        for name in FindingQuery().get_fields():
            if name in params and params.get(name) == "":
                raise exceptions.ValidationError(
                    {name: [_("Пустое значение: укажите его или уберите параметр.")]})
        query = FindingQuery(data=params)
        query.is_valid(raise_exception=True)
        findings = _findings(self.request)
        if "department" in query.validated_data:
            findings = findings.filter(department__code=query.validated_data["department"])
        if "status" in query.validated_data:
            findings = findings.filter(group_condition(
                BoardGroup(query.validated_data["status"]), today=timezone.localdate()))
        return findings.order_by("due_on", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the API paginates every list
        return self.get_paginated_response([_output(f, request) for f in page])

    @extend_schema(parameters=[FindingQuery], responses={200: FindingOutput(many=True)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=FindingCreateInput,
        responses={201: FindingOutput,
                   403: error_response("permission_denied: открывают находки руководители и "
                                       "администраторы.")},
        examples=[OpenApiExample("Открыть находку", request_only=True, value={
            "title": "Неудобная навигация на сайте", "department": "dev",
            "due_on": "2026-12-31", "tag": "navigation", "calls": [101, 102],
            "source": "top_problem", "source_ref": "date_from=2026-11-01&date_to=2026-11-30"})])
    def post(self, request: Request) -> Response:
        if not manages_findings(request.user):
            raise exceptions.PermissionDenied(
                _("Открывать находки могут руководители и администраторы."))
        data = FindingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        finding = finding_open(
            title=fields["title"], department=fields["department"], due_on=fields["due_on"],
            by=_user(request), tag=fields.get("tag"), line=fields.get("line"),
            call_ids=fields.get("calls", []), source=fields.get("source", Finding.Source.MANUAL),
            source_ref=fields.get("source_ref", ""), description=fields.get("description", ""))
        return Response(_output(_finding(request, finding.pk), request),
                        status=status.HTTP_201_CREATED)


class FindingDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated, FindingsReaders]

    @extend_schema(responses={200: FindingOutput})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_output(_finding(request, pk), request))


class FindingStartApi(APIView):
    """«В работе» (only from «открыта»)."""

    permission_classes = [permissions.IsAuthenticated, FindingsReaders]

    @extend_schema(request=None, responses={200: FindingOutput, **STEP_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        return _step(request, pk, lambda f, by: finding_start(finding=f, by=by))


class FindingDoneApi(APIView):
    """«Сделано» with what was changed: registers the Change (dated today, over the finding's
    line and tag) whose before/after comparison says whether it helped."""

    permission_classes = [permissions.IsAuthenticated, FindingsReaders]
    parser_classes = JSON_ONLY

    @extend_schema(request=DoneInput, responses={200: FindingOutput, **STEP_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        _finding(request, pk)
        data = DoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data["what_changed"]
        return _step(request, pk,
                     lambda f, by: finding_done(finding=f, by=by, what_changed=text))


class FindingDeclineApi(APIView):
    permission_classes = [permissions.IsAuthenticated, FindingsReaders]
    parser_classes = JSON_ONLY

    @extend_schema(request=DeclineInput, responses={200: FindingOutput, **STEP_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        _finding(request, pk)
        data = DeclineInput(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        return _step(request, pk,
                     lambda f, by: finding_decline(finding=f, by=by, reason=reason))


class FindingDueApi(APIView):
    permission_classes = [permissions.IsAuthenticated, FindingsReaders]
    parser_classes = JSON_ONLY

    @extend_schema(request=DueInput, responses={200: FindingOutput, **STEP_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        _finding(request, pk)
        data = DueInput(data=request.data)
        data.is_valid(raise_exception=True)
        due_on = data.validated_data["due_on"]
        return _step(request, pk,
                     lambda f, by: finding_due_set(finding=f, by=by, due_on=due_on))


class FindingCallbacksApi(APIView):
    """GET: the customers who called about the done finding (of the calls you may open), by
    masked phone and latest call. POST: mark one called back (managers and admins)."""

    permission_classes = [permissions.IsAuthenticated, FindingsReaders]
    parser_classes = JSON_ONLY

    @extend_schema(responses={200: CallbacksOutput})
    def get(self, request: Request, pk: int) -> Response:
        finding = _finding(request, pk)
        done = finding.status == Finding.Status.DONE
        customers = callback_customers(finding=finding, user=request.user) if done else []
        return Response(CallbacksOutput({"available": done, "customers": [
            {"phone": c.phone, "latest_call": c.latest_call.pk,
             "latest_call_url": reverse("calls:detail", args=[c.latest_call.pk]),
             "latest_call_at": c.latest_call.started_at, "calls": c.calls,
             "called_back_at": c.callback.called_back_at if c.callback else None,
             "called_back_by": c.callback.by.get_username() if c.callback else None,
             "note": c.callback.note if c.callback else None}
            for c in customers]}).data)

    @extend_schema(request=CallbackInput, responses={
        201: CallbacksOutput,
        403: error_response("permission_denied: отмечают руководители и администраторы."),
        409: error_response("not_done — находка не сделана; called_back — этому клиенту уже "
                            "перезвонили.")})
    def post(self, request: Request, pk: int) -> Response:
        finding = _finding(request, pk)
        data = CallbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        call = Call.objects.visible_to(request.user).filter(
            pk=data.validated_data["call"]).first()
        if call is None:
            raise exceptions.ValidationError(
                {"call": [_("Такого звонка нет среди обращений по находке.")]})
        try:
            finding_callback_mark(finding=finding, call=call, by=_user(request),
                                  note=data.validated_data.get("note", ""))
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error) or None) from None
        response = self.get(request, pk)
        response.status_code = status.HTTP_201_CREATED
        return response
