"""GET /api/v1/taxonomy/top-problems/: the top problems of a period, as the page shows them
(docs/top-problems.md). Managers get their teams' calls, trainers and admins every call."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.taxonomy.problems.access import ProblemsReaders
from calls.taxonomy.problems.links import calls_url, moments_url
from calls.taxonomy.problems.queries import TopProblem, TopProblems, top_problems
from calls.taxonomy.problems.scope import Scope
from calls.taxonomy.problems.serializers import (
    DifferenceIntervalOutput,
    PeriodQuery,
    refuse_empty,
)
from project.api_schema import PeriodOutput


class TrendOutput(serializers.Serializer):
    difference = serializers.FloatField(help_text="Доля сейчас минус доля в прошлом периоде.")
    interval = DifferenceIntervalOutput(help_text="95% интервал разницы (Ньюкомб).")
    p_value = serializers.FloatField(help_text="p-значение двустороннего теста.")
    test = serializers.ChoiceField(
        choices=["z", "fisher"],
        help_text="z — z-тест двух долей; fisher — точный тест Фишера (мало звонков).",
    )
    direction = serializers.CharField(
        help_text="up — стало чаще, down — реже, same — в пределах случайных колебаний."
    )
    verdict = serializers.CharField(help_text="Вывод словами.")


class ProblemLinksOutput(serializers.Serializer):
    calls = serializers.CharField(help_text="Звонки с тегом за период.")
    moments = serializers.CharField(help_text="Моменты записи, где найден тег.")
    category_calls = serializers.CharField(help_text="Звонки с любым тегом категории.")
    previous_calls = serializers.CharField(help_text="Звонки с тегом за прошлый период.")


class ProblemOutput(serializers.Serializer):
    tag = serializers.CharField(help_text="Код тега.")
    name = serializers.CharField()
    category_id = serializers.IntegerField()
    category = serializers.CharField(help_text="Название категории.")
    calls = serializers.IntegerField(help_text="Звонков с тегом (каждый звонок один раз).")
    share = serializers.FloatField(help_text="Доля проанализированных звонков, 0–1.")
    category_calls = serializers.IntegerField(help_text="Звонков с любым тегом категории.")
    category_share = serializers.FloatField(help_text="Доля категории, 0–1.")
    share_in_category = serializers.FloatField(
        help_text="Доля звонков с тегом среди звонков категории, 0–1."
    )
    previous_calls = serializers.IntegerField(help_text="Звонков с тегом в прошлом периоде.")
    previous_share = serializers.FloatField(allow_null=True)
    trend = TrendOutput(
        allow_null=True, help_text="null, если в прошлом периоде нет проанализированных звонков."
    )
    links = ProblemLinksOutput()


class TopProblemsLinksOutput(serializers.Serializer):
    analysed_calls = serializers.CharField()
    previous_analysed_calls = serializers.CharField()
    page = serializers.CharField()


class TopProblemsOutput(serializers.Serializer):
    period = PeriodOutput()
    previous_period = PeriodOutput(help_text="Предыдущий период той же длины.")
    line = serializers.CharField(allow_null=True)
    analysed_calls = serializers.IntegerField(help_text="Проанализированных звонков за период.")
    previous_analysed_calls = serializers.IntegerField()
    problems = ProblemOutput(many=True, help_text="До 7 самых частых проблем.")
    links = TopProblemsLinksOutput()


def _period(scope: Scope) -> dict[str, Any]:
    return {"date_from": scope.period.date_from, "date_to": scope.period.date_to}


def problem_data(result: TopProblems, problem: TopProblem) -> dict[str, Any]:
    change = problem.change
    trend = (
        None
        if change is None
        else {
            "difference": change.difference,
            "interval": {"low": change.interval.low, "high": change.interval.high},
            "p_value": change.p_value,
            "test": change.test,
            "direction": problem.trend,
            "verdict": problem.verdict,
        }
    )
    return {
        "tag": problem.tag.code,
        "name": problem.tag.name,
        "category_id": problem.category.pk,
        "category": problem.category.name,
        "calls": problem.calls,
        "share": problem.share,
        "category_calls": problem.category_calls,
        "category_share": problem.category_share,
        "share_in_category": problem.share_in_category,
        "previous_calls": problem.previous_calls,
        "previous_share": (
            problem.previous_calls / result.previous_analysed if result.previous_analysed else None
        ),
        "trend": trend,
        "links": {
            "calls": calls_url(result.scope, tag=problem.tag),
            "moments": moments_url(result.scope, problem.tag),
            "category_calls": calls_url(result.scope, category=problem.category),
            "previous_calls": calls_url(result.previous_scope, tag=problem.tag),
        },
    }


def top_problems_data(result: TopProblems, page: str) -> dict[str, Any]:
    return {
        "period": _period(result.scope),
        "previous_period": _period(result.previous_scope),
        "line": result.scope.line.code if result.scope.line else None,
        "analysed_calls": result.analysed,
        "previous_analysed_calls": result.previous_analysed,
        "problems": [problem_data(result, problem) for problem in result.problems],
        "links": {
            "analysed_calls": calls_url(result.scope),
            "previous_analysed_calls": calls_url(result.previous_scope),
            "page": page,
        },
    }


class TopProblemsApi(APIView):
    """The 5–7 most frequent tags of problem categories in the analysed calls of a period, with
    shares, the trend against the previous period of the same length and links to the calls and
    moments behind each number (docs/top-problems.md)."""

    permission_classes = [ProblemsReaders]

    @extend_schema(parameters=[PeriodQuery], responses={200: TopProblemsOutput})
    def get(self, request: Request) -> Response:
        refuse_empty(request.query_params, ("date_from", "date_to", "line"))
        query = PeriodQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = Scope(
            period=query.validated_data["period"],
            line=query.validated_data.get("line"),
            user=request.user,
        )
        page = reverse("taxonomy:problems") + "?" + scope.page_query()
        return Response(TopProblemsOutput(top_problems_data(top_problems(scope=scope), page)).data)
