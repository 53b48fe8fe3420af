"""The shapes of the changes API: the input that registers a change, and a change with its
evaluation (every figure with its values, interval, test, p-values, effect size and the calls
behind each number)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from calls.changes.evaluation import ChangeEvaluation
from calls.changes.figures import ALPHA, FigureRow, Side, Window
from calls.changes.forms import MAX_WINDOW_DAYS, MIN_WINDOW_DAYS
from calls.changes.links import window_calls_url
from calls.models import DEFAULT_WINDOW_DAYS, Change, Line, Tag
from project.api_inputs import JsonInput

MAX_CODES = 100


class _CodesField(serializers.ListField):
    """A JSON list of codes: strings only (a number is a client's bug, not a code)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=serializers.CharField(max_length=64, allow_blank=False),
            max_length=MAX_CODES, required=False, **kwargs,
        )

    def to_internal_value(self, data: Any) -> list[str]:
        if isinstance(data, list) and any(not isinstance(item, str) for item in data):
            raise serializers.ValidationError(_("Нужен список строк (кодов)."))
        return list(super().to_internal_value(data))


class ChangeInput(JsonInput):
    title = serializers.CharField(max_length=300, help_text="Что изменили.")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                        help_text="Подробности.")
    changed_on = serializers.DateField(help_text="Дата изменения; этот день не входит в окна.")
    lines = _CodesField(help_text="Коды линий; пусто или нет поля — все линии.")
    tags = _CodesField(help_text="Коды тегов, на которые должно повлиять; пусто — вывод по "
                                 "стандартным показателям.")
    window_days = serializers.IntegerField(
        required=False, min_value=MIN_WINDOW_DAYS, max_value=MAX_WINDOW_DAYS,
        default=DEFAULT_WINDOW_DAYS, help_text="Дней в каждом окне, до и после.",
    )

    def validate_lines(self, codes: list[str]) -> list[Line]:
        return _look_up(Line, codes, _("Нет линий с кодами: %(codes)s."))

    def validate_tags(self, codes: list[str]) -> list[Tag]:
        return _look_up(Tag, codes, _("Нет тегов с кодами: %(codes)s."))


def _look_up(model: type[Line] | type[Tag], codes: list[str], message: Any) -> list[Any]:
    found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(found))
    if missing:
        raise serializers.ValidationError(str(message) % {"codes": ", ".join(missing)[:300]})
    return [found[code] for code in dict.fromkeys(codes)]


class DifferenceInterval95Output(serializers.Serializer):
    low = serializers.FloatField()
    high = serializers.FloatField()


class ChangeWindowOutput(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField(help_text="Включительно.")
    calls = serializers.CharField(help_text="Проанализированные звонки окна (список звонков).")


class ChangeSideOutput(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True, help_text="Значение в окне: доля 0–1 или среднее в единицах "
                                   "показателя; null — ни одного звонка с замером.")
    measured = serializers.IntegerField(help_text="Звонков с замером.")
    successes = serializers.IntegerField(allow_null=True,
                                         help_text="Для доли — звонков «да»; иначе null.")
    calls = serializers.CharField(help_text="Звонки за значением.")
    measured_calls = serializers.CharField(help_text="Звонки окна, по которым считали.")


class ChangeDayOutput(serializers.Serializer):
    day = serializers.DateField()
    value = serializers.FloatField()
    measured = serializers.IntegerField()
    calls = serializers.CharField(help_text="Звонки этого дня за значением.")


class ChangeFigureOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Код показателя; доля тега — «tag:<код тега>».")
    name = serializers.CharField(help_text="Название показателя.")
    kind = serializers.CharField(help_text="share — доля, mean — среднее.")
    unit = serializers.CharField(help_text="Единица среднего («с»); пусто — доля 0–1.")
    lower_is_better = serializers.BooleanField()
    primary = serializers.BooleanField(
        help_text="Показатель, на который изменение должно было повлиять: из них вывод.")
    before = ChangeSideOutput()
    after = ChangeSideOutput()
    too_few = serializers.BooleanField(
        help_text="В одном из окон меньше minimum_measured звонков с замером: не проверяется.")
    difference = serializers.FloatField(
        allow_null=True, help_text="После минус до: для доли — в долях (0,05 = 5 п.п.).")
    interval = DifferenceInterval95Output(
        allow_null=True,
        help_text="95% доверительный интервал разницы: Ньюкомба для доли, Уэлча для среднего.",
    )
    test = serializers.CharField(allow_null=True,
                                 help_text="z — z-тест двух долей, fisher — точный тест Фишера, "
                                           "welch — t-тест Уэлча; null — не проверялся.")
    test_name = serializers.CharField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True, help_text="Двусторонний p.")
    p_adjusted = serializers.FloatField(
        allow_null=True, help_text="p с поправкой Холма внутри своей группы показателей.")
    effect_size = serializers.FloatField(allow_null=True)
    effect_name = serializers.CharField(allow_null=True,
                                        help_text="h — h Коэна (доли), g — g Хеджеса (средние).")
    direction = serializers.CharField(
        allow_null=True, help_text="better, worse, same (в пределах шума) с учётом того, что "
                                   "для показателя лучше; null — не проверялся.")
    daily = ChangeDayOutput(many=True, help_text="По дням обоих окон (дни без замеров пропущены).")


class ChangeEvaluationOutput(serializers.Serializer):
    verdict = serializers.CharField(help_text="helped, worse, no_change, too_few или pending.")
    verdict_label = serializers.CharField()
    verdict_text = serializers.CharField(help_text="Вывод по-русски.")
    provisional = serializers.CharField(
        allow_null=True, help_text="Пока окно после идёт (pending): что видно по уже "
                                   "прошедшим дням; иначе null.")
    days_elapsed = serializers.IntegerField(help_text="Сколько дней окна после уже прошло.")
    minimum_measured = serializers.IntegerField(
        help_text="Меньше звонков с замером в окне — «слишком мало данных».")
    adjustment = serializers.CharField(help_text="Поправка на множественность: holm.")
    alpha = serializers.FloatField()
    before = ChangeWindowOutput()
    after = ChangeWindowOutput()
    notes = serializers.ListField(child=serializers.CharField())
    figures = ChangeFigureOutput(many=True)


class ChangeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    changed_on = serializers.DateField()
    window_days = serializers.IntegerField()
    lines = serializers.ListField(child=serializers.CharField(), help_text="Коды линий; "
                                  "пусто — все линии.")
    tags = serializers.ListField(child=serializers.CharField(), help_text="Коды тегов.")
    created_by = serializers.CharField(allow_null=True, help_text="Кто зарегистрировал.")
    created_at = serializers.DateTimeField()
    page = serializers.CharField(help_text="Страница изменения.")


class ChangeSummaryOutput(ChangeOutput):
    verdict = serializers.CharField(help_text="helped, worse, no_change, too_few или pending.")
    verdict_text = serializers.CharField()


class ChangeDetailOutput(ChangeOutput):
    evaluation = ChangeEvaluationOutput()


def change_data(change: Change) -> dict[str, Any]:
    return {
        "id": change.pk,
        "title": change.title,
        "description": change.description,
        "changed_on": change.changed_on,
        "window_days": change.window_days,
        "lines": sorted(line.code for line in change.lines.all()),
        "tags": sorted(tag.code for tag in change.tags.all()),
        "created_by": change.created_by.get_username() if change.created_by else None,
        "created_at": change.created_at,
        "page": reverse("changes:detail", args=[change.pk]),
    }


def _window(window: Window, evaluation: ChangeEvaluation) -> dict[str, Any]:
    return {
        "date_from": window.date_from,
        "date_to": window.date_to,
        "calls": window_calls_url(date_from=window.date_from, date_to=window.date_to,
                                  lines=evaluation.lines),
    }


def _side(side: Side) -> dict[str, Any]:
    return {
        "value": side.value,
        "measured": side.measured,
        "successes": side.successes,
        "calls": side.value_url,
        "measured_calls": side.measured_url,
    }


def _day(row: FigureRow, day: date, value: float, measured: int,
         evaluation: ChangeEvaluation) -> dict[str, Any]:
    return {
        "day": day, "value": value, "measured": measured,
        "calls": window_calls_url(date_from=day, date_to=day, lines=evaluation.lines,
                                  params=row.metric.calls_params),
    }


def figure_data(row: FigureRow, evaluation: ChangeEvaluation) -> dict[str, Any]:
    return {
        "code": row.metric.code,
        "name": str(row.metric.label),
        "kind": str(row.metric.kind),
        "unit": str(row.metric.unit),
        "lower_is_better": row.metric.lower_is_better,
        "primary": row.primary,
        "before": _side(row.before),
        "after": _side(row.after),
        "too_few": row.too_few,
        "difference": row.difference,
        "interval": (None if row.interval is None
                     else {"low": row.interval.low, "high": row.interval.high}),
        "test": row.test,
        "test_name": row.test_label or None,
        "p_value": row.p_value,
        "p_adjusted": row.p_adjusted,
        "effect_size": row.effect_size,
        "effect_name": row.effect_name or None,
        "direction": None if row.direction is None else str(row.direction),
        "daily": [
            _day(row, day, figure.value, figure.measured, evaluation)
            for day, figure in sorted(row.daily.items())
            if figure.value is not None
        ],
    }


def evaluation_data(evaluation: ChangeEvaluation) -> dict[str, Any]:
    return {
        "verdict": str(evaluation.verdict),
        "verdict_label": evaluation.verdict.label,
        "verdict_text": evaluation.verdict_text,
        "provisional": None if evaluation.provisional is None else str(evaluation.provisional),
        "days_elapsed": evaluation.days_elapsed,
        "minimum_measured": evaluation.minimum,
        "adjustment": "holm",
        "alpha": ALPHA,
        "before": _window(evaluation.before, evaluation),
        "after": _window(evaluation.after, evaluation),
        "notes": evaluation.notes,
        "figures": [figure_data(row, evaluation) for row in evaluation.rows],
    }
