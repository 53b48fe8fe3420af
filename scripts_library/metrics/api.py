"""GET /api/v1/library/metrics/: the metrics page's numbers for programs (issue 8 §4)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from project.api_schema import PeriodOutput
from scripts_library.metrics.forms import MetricsForm
from scripts_library.metrics.queries import (
    BlockMetrics,
    GroupMetrics,
    block_metrics,
    measured_calls,
    objection_metrics,
    theme_metrics,
)

ID_MAX = 2_147_483_647


class MetricsQuery(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="Начало периода (дата звонка).")
    date_to = serializers.DateField(required=False, help_text="Конец периода, включительно.")
    line = serializers.SlugField(required=False, help_text="Код линии.")
    team = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX,
                                    help_text="id команды.")
    operator = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX,
                                        help_text="id оператора (из видимых вам).")


class _Rates(serializers.Serializer):
    calls = serializers.IntegerField(help_text="Звонков (с возражением / со вставленным блоком).")
    sales = serializers.IntegerField(help_text="Из них закончились продажей.")
    conversion = serializers.FloatField(allow_null=True,
                                        help_text="sales / calls; null без звонков.")
    conversion_low = serializers.FloatField(allow_null=True,
                                            help_text="Нижняя граница 95% интервала Уилсона.")
    conversion_high = serializers.FloatField(allow_null=True,
                                             help_text="Верхняя граница 95% интервала Уилсона.")


class _Group(_Rates):
    id = serializers.IntegerField()
    name = serializers.CharField()
    repeated = serializers.IntegerField(help_text="Звонков, где клиент повторил возражение.")
    repeated_rate = serializers.FloatField(allow_null=True, help_text="repeated / calls.")
    aht_with = serializers.FloatField(allow_null=True,
                                      help_text="Средняя длительность звонков с ним, с.")
    aht_without = serializers.FloatField(allow_null=True,
                                         help_text="Средняя длительность звонков без него, с.")


class ObjectionMetricsOutput(_Group):
    code = serializers.CharField()


class ThemeMetricsOutput(_Group):
    pass


class BlockMetricsOutput(_Rates):
    id = serializers.IntegerField()
    objection = serializers.CharField(help_text="Код возражения.")
    kind = serializers.CharField()
    text = serializers.CharField()
    is_active = serializers.BooleanField()
    inserted = serializers.IntegerField(help_text="Сколько раз вставлен за период.")


class MetricsOutput(serializers.Serializer):
    period = PeriodOutput()
    calls = serializers.IntegerField(help_text="Проанализированных звонков в выборке.")
    objections = ObjectionMetricsOutput(many=True)
    themes = ThemeMetricsOutput(many=True)
    blocks = BlockMetricsOutput(many=True)


def _rates(metrics: GroupMetrics | BlockMetrics) -> dict[str, Any]:
    interval = metrics.interval
    return {"calls": metrics.calls, "sales": metrics.sales, "conversion": metrics.conversion,
            "conversion_low": interval.low if interval else None,
            "conversion_high": interval.high if interval else None}


def _group(metrics: GroupMetrics) -> dict[str, Any]:
    return {**_rates(metrics), "id": metrics.key, "code": metrics.code, "name": metrics.name,
            "repeated": metrics.repeated, "repeated_rate": metrics.repeated_rate,
            "aht_with": metrics.aht_with, "aht_without": metrics.aht_without}


def _block(metrics: BlockMetrics) -> dict[str, Any]:
    block = metrics.block
    return {**_rates(metrics), "id": block.pk, "objection": block.objection.code,
            "kind": block.kind, "text": block.text, "is_active": block.is_active,
            "inserted": metrics.inserted}


class MetricsApi(APIView):
    """Per objection, theme and block, over the calls this user may see (definitions: docs)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[MetricsQuery], responses={200: MetricsOutput})
    def get(self, request: Request) -> Response:
        query = MetricsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        form = MetricsForm(request.query_params, user=request.user, refuse_empty=True)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        metrics_filter = form.metrics_filter()
        calls = measured_calls(request.user, metrics_filter)
        data = {
            "period": {"date_from": metrics_filter.date_from, "date_to": metrics_filter.date_to},
            "calls": calls.count(),
            "objections": [_group(m) for m in objection_metrics(calls)],
            "themes": [_group(m) for m in theme_metrics(calls)],
            "blocks": [_block(m) for m in block_metrics(request.user, metrics_filter)],
        }
        return Response(MetricsOutput(data).data)
