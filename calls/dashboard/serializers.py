"""The dashboard API's query and answer (GET /api/v1/dashboard/, docs/dashboard.md).

The query is checked strictly, with Russian messages: a bad or inverted date, a period over
MAX_PERIOD_DAYS, an unknown line code, a team id that is not a number, past any database id, or
not one of the person's teams → 400; a parameter sent empty (`line=`) → 400 (leave it out to mean
«all»). The answer's every field is declared, so a BI tool can read the schema."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from calls.dashboard.forms import MAX_ID, period_error, period_of
from calls.dashboard.queries import teams_to_choose
from calls.models import Line
from project.api_schema import PeriodOutput


class DashboardQuery(serializers.Serializer):
    date_from = serializers.DateField(
        required=False,
        help_text="Начало периода (дата звонка, по Москве), ГГГГ-ММ-ДД. Без дат — последние "
        "28 дней, сегодня включительно; только с date_from — 28 дней с неё.",
    )
    date_to = serializers.DateField(
        required=False,
        help_text="Конец периода, включительно; только с date_to — 28 дней до неё.",
    )
    line = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Line.objects.all(),
        required=False,
        help_text="Код линии; без параметра — все линии.",
        error_messages={"does_not_exist": "Линии «{value}» нет.", "invalid": "Код линии — строка."},
    )
    team = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="id команды (из тех, чьи звонки вам видны); без параметра — все команды.",
        error_messages={
            "invalid": "id команды — целое число.",
            "min_value": "Такой команды нет среди ваших.",
            "max_value": "Такой команды нет среди ваших.",
            "max_string_length": "Такой команды нет среди ваших.",
        },
    )

    def validate_team(self, value: int) -> Any:
        team = teams_to_choose(self.context["request"].user).filter(pk=value).first()
        if team is None:
            raise serializers.ValidationError(_("Такой команды нет среди ваших."))
        return team

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        error = period_error(date_from, date_to)
        if error:
            raise serializers.ValidationError({"date_to": error})
        attrs["period"] = period_of(date_from, date_to, today=timezone.localdate())
        return attrs


class DashboardTrendOutput(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=["up", "down", "same", "unknown"],
        help_text="up — выросло, down — снизилось (больше, чем случайные колебания); same — в "
        "пределах колебаний; unknown — в прошлом периоде нечего сравнивать.",
    )
    better = serializers.BooleanField(
        allow_null=True,
        help_text="true — изменение к лучшему (с учётом того, хорошо ли для показателя "
        "снижение), false — к худшему, null — изменения нет или не с чем сравнить.",
    )
    word = serializers.CharField(help_text="«лучше», «хуже», «без изменений», «не с чем сравнить».")
    arrow = serializers.ChoiceField(
        choices=["↑", "↓", "→", ""], help_text="Пусто, если не с чем сравнить."
    )
    p_value = serializers.FloatField(allow_null=True, help_text="p-значение теста.")
    test = serializers.ChoiceField(
        choices=["z", "fisher", "welch", ""],
        help_text="z — z-тест двух долей; fisher — точный тест Фишера (мало звонков); welch — "
        "t-тест Уэлча для средних; пусто — теста не было.",
    )


class PointOutput(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    measured = serializers.IntegerField()
    calls_url = serializers.CharField(help_text="Звонки этой точки (адрес от корня сайта).")


class FigureOutput(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["hot_share", "fcr", "resolution_time", "silence_share", "handling_time"],
        help_text="Показатель (определения — calls/metrics/definitions.py, docs/dashboard.md).",
    )
    name = serializers.CharField(help_text="Название показателя.")
    kind = serializers.ChoiceField(
        choices=["share", "mean"], help_text="share — доля 0–1; mean — среднее."
    )
    unit = serializers.CharField(help_text="«с» для секунд; пусто для доли.")
    lower_is_better = serializers.BooleanField()
    value = serializers.FloatField(
        allow_null=True, help_text="Значение за период; null — ни один звонок не измерен."
    )
    measured = serializers.IntegerField(help_text="Сколько звонков измерено.")
    previous_value = serializers.FloatField(allow_null=True)
    previous_measured = serializers.IntegerField()
    trend = DashboardTrendOutput()
    series = PointOutput(
        many=True, help_text="По дням для периода до 14 дней, иначе по 7 дней от начала."
    )
    calls_url = serializers.CharField(help_text="Звонки за показателем.")
    previous_calls_url = serializers.CharField()


class DashboardProblemOutput(serializers.Serializer):
    tag = serializers.CharField(help_text="Код тега.")
    name = serializers.CharField()
    calls = serializers.IntegerField()
    share = serializers.FloatField(help_text="Доля проанализированных звонков, 0–1.")
    previous_calls = serializers.IntegerField()
    trend = serializers.ChoiceField(choices=["up", "down", "same", "unknown"])
    calls_url = serializers.CharField()


class DashboardFindingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    department = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "in_progress"])
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    url = serializers.CharField(allow_null=True, help_text="Страница находки.")


class FindingsOutput(serializers.Serializer):
    open = serializers.IntegerField(help_text="Открытых всего: новых и в работе.")
    new = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    overdue = serializers.IntegerField()
    board_url = serializers.CharField(allow_null=True)
    nearest = DashboardFindingOutput(many=True, help_text="Пять ближайших по сроку.")


class CellOutput(serializers.Serializer):
    code = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    measured = serializers.IntegerField()
    trend = serializers.ChoiceField(choices=["up", "down", "same", "unknown"])
    better = serializers.BooleanField(allow_null=True)
    calls_url = serializers.CharField()


class LineRowOutput(serializers.Serializer):
    line = serializers.CharField(help_text="Код линии.")
    name = serializers.CharField()
    analysed_calls = serializers.IntegerField()
    calls_url = serializers.CharField()
    figures = CellOutput(many=True)


class TeamRowOutput(serializers.Serializer):
    team = serializers.IntegerField(help_text="id команды.")
    name = serializers.CharField()
    analysed_calls = serializers.IntegerField()
    calls_url = serializers.CharField()
    figures = CellOutput(many=True)


class DashboardOutput(serializers.Serializer):
    period = PeriodOutput()
    previous_period = PeriodOutput(help_text="Предыдущий период той же длины.")
    line = serializers.CharField(allow_null=True)
    team = serializers.IntegerField(allow_null=True)
    own_calls_only = serializers.BooleanField(
        help_text="true для оператора: только его собственные звонки."
    )
    analysed_calls = serializers.IntegerField()
    previous_analysed_calls = serializers.IntegerField()
    calls_url = serializers.CharField(help_text="Все проанализированные звонки периода.")
    figures = FigureOutput(many=True)
    top_problems = DashboardProblemOutput(many=True, help_text="До 5 самых частых проблем.")
    findings = FindingsOutput(allow_null=True, help_text="null для оператора.")
    by_line = LineRowOutput(many=True, help_text="Линии, где в одном из периодов есть звонки.")
    by_team = TeamRowOutput(
        many=True, allow_null=True, help_text="Команды (ваши); null для оператора."
    )
