"""GET /api/v1/operators/{code}/competency/: an operator's competency map (issue 9 §3).

Operators get their own map only, managers their teams' operators', trainers and admins anyone's.
A code this person may not see answers 404, as one that does not exist: a colleague's code does
not reveal that the colleague is there.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.models import Operator
from coaching.competency.queries import Period, SkillScore, competency_map
from project.api_schema import PeriodOutput


class CompetencyQuery(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="Начало периода (дата звонка).")
    date_to = serializers.DateField(required=False, help_text="Конец периода, включительно.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise serializers.ValidationError({"date_to": _("Конец периода раньше его начала.")})
        return attrs


class IntervalOutput(serializers.Serializer):
    low = serializers.FloatField(help_text="Нижняя граница 95% интервала Уилсона, 0–100.")
    high = serializers.FloatField(help_text="Верхняя граница 95% интервала Уилсона, 0–100.")


class SkillScoreOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(
        allow_null=True, help_text="Доля применимых звонков, где навык проявлен, 0–100; "
                                   "null, если применимых звонков нет.")
    calls = serializers.IntegerField(help_text="Применимых звонков (проявлен или нет).")
    enough_data = serializers.BooleanField(help_text="Звонков не меньше порога (5); иначе — "
                                                     "«мало данных».")
    interval = IntervalOutput(allow_null=True, help_text="null без применимых звонков.")
    skipped_share = serializers.FloatField(
        allow_null=True, help_text="Доля применимых звонков, где этап пропущен, 0–1.")
    team_median = serializers.FloatField(
        allow_null=True, help_text="Медиана баллов операторов команды, 0–100; null без команды "
                                   "или данных.")


class CompetencyOutput(serializers.Serializer):
    operator = serializers.CharField(help_text="Код оператора.")
    period = PeriodOutput()
    skills = SkillScoreOutput(many=True)


def skill_score_data(score: SkillScore) -> dict[str, Any]:
    interval = score.interval
    return {"code": score.skill.code, "name": score.skill.name, "score": score.score,
            "calls": score.calls, "enough_data": score.enough_data,
            "interval": None if interval is None else {"low": interval.low,
                                                       "high": interval.high},
            "skipped_share": score.skipped_share, "team_median": score.team_median}


class CompetencyApi(APIView):
    """Each active skill's score for the operator and period (definitions: docs/coaching.md)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            CompetencyQuery,
            # The demo's operator, so a client (and the contract check) can reach a real map.
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                             description="Код оператора.",
                             examples=[OpenApiExample("Оператор демо-данных", value="anna")]),
        ],
        responses={200: CompetencyOutput},
    )
    def get(self, request: Request, code: str) -> Response:
        for name in ("date_from", "date_to"):
            # A program sending `date_from=` has a bug and is told so (as the metrics API does).
            if name in request.query_params and request.query_params.get(name) == "":
                raise exceptions.ValidationError(
                    {name: [_("Пустое значение: укажите его или уберите параметр.")]}
                )
        query = CompetencyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        operator = Operator.objects.visible_to(request.user).filter(code=code).first()
        if operator is None:
            raise exceptions.NotFound(_("Оператор не найден."))
        period = Period(date_from=query.validated_data.get("date_from"),
                        date_to=query.validated_data.get("date_to"))
        data = {
            "operator": operator.code,
            "period": {"date_from": period.date_from, "date_to": period.date_to},
            "skills": [skill_score_data(s) for s in competency_map(operator=operator,
                                                                   period=period)],
        }
        return Response(CompetencyOutput(data).data)
