"""Coaching cycles through the API (/api/v1/coaching/cycles/): list, start, one cycle, record the
result and undo it. Thin views over coaching/cycles/services.py and results.py, with the role
rules of the cycle pages: an operator reads their own cycles only; a manager reads and runs their
teams'; trainers and admins every team's. A cycle this person may not see answers 404, as one that
does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.models import Operator
from coaching.cycles.queries import CLOSED, OPEN, filter_cycles, visible_cycles
from coaching.cycles.results import NotTheRecorder, cycle_record_result, cycle_result_undo
from coaching.cycles.services import cycle_start
from coaching.models import CoachingCycle, Skill
from project.api_inputs import JsonInput
from project.api_parsers import JsonParser
from project.api_schema import error_response
from project.roles import Role, has_role

Stage, Verdict = CoachingCycle.Stage, CoachingCycle.Verdict
JSON_ONLY = [JsonParser]


def _runs_cycles(user: Any) -> bool:
    """Starting cycles and recording results is a manager's, trainer's or admin's work; an
    operator only reads their own (as on the pages)."""
    return has_role(user, Role.MANAGER, Role.TRAINER, Role.ADMIN)


class CyclePermission(permissions.BasePermission):
    """Reads need the right to see cycles (any role has it); writes the view's
    `write_permission` and a role that runs cycles."""

    message = _("Недостаточно прав для этого действия.")
    reads_need_permission = True  # a user without a role gets 403 (project/api_schema.py)

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user.has_perm("coaching.view_coachingcycle"):
            return False
        write_permission = getattr(view, "write_permission", None)
        if request.method in permissions.SAFE_METHODS or write_permission is None:
            # A view without writes answers any other method 405 itself.
            return True
        return bool(user.has_perm(write_permission) and _runs_cycles(user))


# --- Shapes ----------------------------------------------------------------------------------


class CycleQuery(serializers.Serializer):
    # Ids are 64-bit (BigAutoField): a larger number is refused, not sent to the database.
    team = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                    help_text="id команды оператора.")
    operator = serializers.CharField(required=False, max_length=64,
                                     help_text="Код оператора.")
    skill = serializers.CharField(required=False, max_length=64, help_text="Код навыка.")
    stage = serializers.ChoiceField(required=False, choices=Stage.choices,
                                    help_text="Этап цикла.")
    status = serializers.ChoiceField(required=False, choices=[(OPEN, "идут"),
                                                              (CLOSED, "завершены и отменены")],
                                     help_text="open — идут (любой открытый этап); closed — "
                                               "завершены или отменены.")


class CycleCreateInput(JsonInput):
    operator = serializers.CharField(max_length=64, help_text="Код оператора.")
    skill = serializers.CharField(max_length=64, help_text="Код действующего навыка.")
    baseline_from = serializers.DateField(help_text="Начало исходного периода.")
    baseline_to = serializers.DateField(help_text="Конец исходного периода, включительно; не "
                                                  "в будущем.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["baseline_from"] > attrs["baseline_to"]:
            raise serializers.ValidationError(
                {"baseline_to": _("Конец исходного периода раньше его начала.")})
        if attrs["baseline_to"] > timezone.localdate():
            raise serializers.ValidationError(
                {"baseline_to": _("Исходный период не может заканчиваться в будущем.")})
        return attrs


class CycleResultInput(JsonInput):
    controlled_on = serializers.DateField(
        required=False, help_text="Дата контрольного прослушивания: не раньше даты обучения и "
                                  "срока контроля, не в будущем; по умолчанию сегодня.")


class NamedOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TeamOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CycleResultOutput(serializers.Serializer):
    before_shown = serializers.IntegerField(help_text="До обучения: звонков, где навык проявлен.")
    before_calls = serializers.IntegerField(help_text="До обучения: применимых звонков.")
    after_shown = serializers.IntegerField(help_text="После: звонков, где навык проявлен.")
    after_calls = serializers.IntegerField(help_text="После: применимых звонков.")
    p_value = serializers.FloatField(allow_null=True,
                                     help_text="p точного теста Фишера; null — тест не "
                                               "проводился (мало данных).")
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    verdict_name = serializers.CharField()
    controlled_on = serializers.DateField(allow_null=True,
                                          help_text="Дата контрольного прослушивания.")
    recorded_by = serializers.CharField(allow_null=True, help_text="Логин записавшего.")
    recorded_at = serializers.DateTimeField(allow_null=True)


class CycleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="Страница цикла.")
    operator = NamedOutput()
    team = TeamOutput(allow_null=True)
    skill = NamedOutput()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_name = serializers.CharField()
    baseline_from = serializers.DateField()
    baseline_to = serializers.DateField()
    training = serializers.IntegerField(allow_null=True, help_text="id обучения.")
    trained_on = serializers.DateField(allow_null=True)
    control_due = serializers.DateField(allow_null=True,
                                        help_text="С этой даты можно записать результат.")
    result = CycleResultOutput(allow_null=True, help_text="null, пока результат не записан.")
    can_undo_result = serializers.BooleanField(
        help_text="Результат записали вы и можете его отменить.")
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


def _recorded_by(cycle: CoachingCycle) -> str | None:
    user = cycle.result_recorded_by
    return user.get_username() if user is not None else None


def cycle_data(cycle: CoachingCycle, *, user: User) -> dict[str, Any]:
    team = cycle.operator.team
    result = None
    if cycle.stage == Stage.DONE and cycle.before_calls is not None and cycle.verdict:
        result = {"before_shown": cycle.before_shown or 0, "before_calls": cycle.before_calls,
                  "after_shown": cycle.after_shown or 0, "after_calls": cycle.after_calls or 0,
                  "p_value": cycle.p_value, "verdict": cycle.verdict,
                  "verdict_name": cycle.get_verdict_display(),
                  "controlled_on": cycle.controlled_on, "recorded_by": _recorded_by(cycle),
                  "recorded_at": cycle.result_recorded_at}
    return {
        "id": cycle.pk, "url": reverse("coaching:cycle", args=[cycle.pk]),
        "operator": {"code": cycle.operator.code, "name": cycle.operator.display_name},
        "team": {"id": team.pk, "name": team.name} if team is not None else None,
        "skill": {"code": cycle.skill.code, "name": cycle.skill.name},
        "stage": cycle.stage, "stage_name": cycle.get_stage_display(),
        "baseline_from": cycle.baseline_from, "baseline_to": cycle.baseline_to,
        "training": cycle.training_id, "trained_on": cycle.trained_on,
        "control_due": cycle.control_due, "result": result,
        "can_undo_result": (_runs_cycles(user) and cycle.stage == Stage.DONE
                            and cycle.result_recorded_by_id == user.pk),
        "created_at": cycle.created_at, "closed_at": cycle.closed_at,
    }


def _output(cycle: CoachingCycle, user: User) -> dict[str, Any]:
    return CycleOutput(cycle_data(cycle, user=user)).data  # type: ignore[return-value]


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _cycles(request: Request) -> QuerySet[CoachingCycle]:
    return visible_cycles(request.user).select_related("result_recorded_by")


# --- Views -----------------------------------------------------------------------------------

START_ERRORS = {
    400: error_response("invalid — ошибка в полях (оператор не найден или недоступен, навык не "
                        "найден, период); empty_baseline — в исходном периоде нет ни одного "
                        "разобранного звонка оператора, где навык применим."),
    409: error_response("open_cycle: у оператора уже идёт цикл по этому навыку."),
}
RESULT_ERRORS = {
    400: error_response("invalid — ошибка в полях; not_control — цикл не на этапе контрольного "
                        "прослушивания; too_early — дата раньше обучения или срока контроля; "
                        "future — дата в будущем."),
    409: error_response("cancelled: цикл отменён."),
}
UNDO_ERRORS = {
    403: error_response("permission_denied: отменить результат может только тот, кто его "
                        "записал (или нет прав менять циклы)."),
    409: error_response("not_recorded — у цикла нет записанного результата; open_cycle — по "
                        "этому навыку оператора уже идёт новый цикл."),
}


class CycleListCreateApi(generics.ListAPIView):
    """GET: the cycles this person may see, newest first, filtered. POST: start a cycle."""

    serializer_class = CycleOutput
    permission_classes = [permissions.IsAuthenticated, CyclePermission]
    parser_classes = JSON_ONLY
    write_permission = "coaching.add_coachingcycle"

    def get_queryset(self) -> QuerySet[CoachingCycle]:
        params = self.request.query_params
        for name in CycleQuery().get_fields():
            # A program sending `status=` has a bug and is told so (as the calls API does).
            if name in params and params.get(name) == "":
                raise exceptions.ValidationError(
                    {name: [_("Пустое значение: укажите его или уберите параметр.")]})
        query = CycleQuery(data=params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        cycles = _cycles(self.request)
        if "operator" in params:
            cycles = cycles.filter(operator__code=params["operator"])
        if "team" in params:
            cycles = cycles.filter(operator__team_id=params["team"])
        if "skill" in params:
            cycles = cycles.filter(skill__code=params["skill"])
        return filter_cycles(cycles, stage=params.get("stage", ""),
                             status=params.get("status", "")).order_by("-created_at", "-pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the API paginates every list
        return self.get_paginated_response([_output(c, _user(request)) for c in page])

    @extend_schema(parameters=[CycleQuery], responses={200: CycleOutput(many=True)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=CycleCreateInput, responses={201: CycleOutput, **START_ERRORS},
                   examples=[OpenApiExample("Начать цикл", request_only=True, value={
                       "operator": "anna", "skill": "summary", "baseline_from": "2026-10-01",
                       "baseline_to": "2026-10-31"})])
    def post(self, request: Request) -> Response:
        data = CycleCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        operator = Operator.objects.visible_to(request.user).filter(
            code=fields["operator"]).first()
        if operator is None:
            raise exceptions.ValidationError(
                {"operator": [_("Оператор не найден или вам недоступен.")]})
        skill = Skill.objects.active().filter(code=fields["skill"]).first()
        if skill is None:
            raise exceptions.ValidationError({"skill": [_("Действующий навык не найден.")]})
        cycle = cycle_start(operator=operator, skill=skill,
                            baseline_from=fields["baseline_from"],
                            baseline_to=fields["baseline_to"], created_by=_user(request))
        cycle = _cycles(request).get(pk=cycle.pk)
        return Response(_output(cycle, _user(request)), status=status.HTTP_201_CREATED)


class CycleDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated, CyclePermission]

    @extend_schema(responses={200: CycleOutput})
    def get(self, request: Request, pk: int) -> Response:
        cycle = get_object_or_404(_cycles(request), pk=pk)
        return Response(_output(cycle, _user(request)))


class CycleResultApi(APIView):
    """Record the control re-listen: the skill before and after, the test and the verdict; the
    cycle is finished. A recorded cycle is answered unchanged."""

    permission_classes = [permissions.IsAuthenticated, CyclePermission]
    parser_classes = JSON_ONLY
    write_permission = "coaching.change_coachingcycle"

    @extend_schema(request=CycleResultInput, responses={200: CycleOutput, **RESULT_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        cycle = get_object_or_404(_cycles(request), pk=pk)
        data = CycleResultInput(data=request.data)
        data.is_valid(raise_exception=True)
        cycle_record_result(cycle=cycle, recorded_by=_user(request),
                            on=data.validated_data.get("controlled_on"))
        return Response(_output(_cycles(request).get(pk=cycle.pk), _user(request)))


class CycleResultUndoApi(APIView):
    """Take a recorded result back (only its recorder may): the cycle waits for its control
    re-listen again."""

    permission_classes = [permissions.IsAuthenticated, CyclePermission]
    write_permission = "coaching.change_coachingcycle"

    @extend_schema(request=None, responses={200: CycleOutput, **UNDO_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        cycle = get_object_or_404(_cycles(request), pk=pk)
        try:
            cycle_result_undo(cycle=cycle, user=_user(request))
        except NotTheRecorder as error:
            raise exceptions.PermissionDenied(error.message) from None
        return Response(_output(_cycles(request).get(pk=cycle.pk), _user(request)))
