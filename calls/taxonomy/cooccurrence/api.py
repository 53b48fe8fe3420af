"""GET /api/v1/taxonomy/cooccurrence/: which tags come together in the calls of a period
(docs/cooccurrence.md). Managers get their teams' calls, trainers and admins every call."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.taxonomy.cooccurrence.queries import (
    Cooccurrence,
    cooccurrence_in_scope,
    strong_pairs_in,
)
from calls.taxonomy.cooccurrence.sentences import pair_sentence
from calls.taxonomy.problems.access import ProblemsReaders
from calls.taxonomy.problems.links import calls_url
from calls.taxonomy.problems.scope import Scope
from calls.taxonomy.problems.serializers import CooccurrenceQuery, refuse_empty
from project.api_schema import PeriodOutput


class TagCountOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    calls = serializers.IntegerField(help_text="Звонков с тегом за период.")


class PairOutput(serializers.Serializer):
    tag_a = serializers.CharField(help_text="Код первого тега.")
    tag_b = serializers.CharField(help_text="Код второго тега.")
    both = serializers.IntegerField(help_text="Звонков с обоими тегами.")
    count_a = serializers.IntegerField(help_text="Звонков с tag_a.")
    count_b = serializers.IntegerField(help_text="Звонков с tag_b.")
    calls = serializers.IntegerField(help_text="Всех проанализированных звонков периода.")
    p_b_given_a = serializers.FloatField(help_text="P(B|A) = both / count_a.")
    p_a_given_b = serializers.FloatField(help_text="P(A|B) = both / count_b.")
    lift = serializers.FloatField(help_text="both · calls / (count_a · count_b); 1 — случайность.")
    p_value = serializers.FloatField(
        help_text="Точный тест Фишера, односторонний (вместе чаще случайного)."
    )
    p_adjusted = serializers.FloatField(help_text="p с поправкой Бенджамини — Хохберга.")
    strong = serializers.BooleanField(
        help_text="Сильная пара: p_adjusted ≤ 0,05 и P(B|A) или P(A|B) ≥ 0,8."
    )
    sentence = serializers.CharField(help_text="Вывод словами.")
    calls_url = serializers.CharField(help_text="Звонки с обоими тегами.")


class CooccurrenceOutput(serializers.Serializer):
    period = PeriodOutput()
    line = serializers.CharField(allow_null=True)
    category = serializers.IntegerField(allow_null=True)
    calls = serializers.IntegerField(help_text="Проанализированных звонков за период.")
    tested = serializers.IntegerField(
        help_text="Пар в поправке на множественность: все пары тегов, что встретились за период."
    )
    test = serializers.CharField(help_text="fisher_exact_greater")
    correction = serializers.CharField(help_text="benjamini_hochberg")
    tags = TagCountOutput(many=True)
    pairs = PairOutput(many=True, help_text="Пары, встретившиеся вместе хотя бы раз.")
    page = serializers.CharField()


def cooccurrence_data(result: Cooccurrence, page: str) -> dict[str, Any]:
    strong = {(pair.tag_a.pk, pair.tag_b.pk) for pair in strong_pairs_in(result)}
    return {
        "period": {
            "date_from": result.scope.period.date_from,
            "date_to": result.scope.period.date_to,
        },
        "line": result.scope.line.code if result.scope.line else None,
        "category": result.category.pk if result.category else None,
        "calls": result.calls,
        "tested": result.tested,
        "test": "fisher_exact_greater",
        "correction": "benjamini_hochberg",
        "tags": [
            {"code": tag.code, "name": tag.name, "calls": calls}
            for tag, calls in sorted(
                result.tag_calls.items(), key=lambda item: (-item[1], item[0].pk)
            )
        ],
        "pairs": [
            {
                "tag_a": pair.tag_a.code,
                "tag_b": pair.tag_b.code,
                "both": pair.both,
                "count_a": pair.count_a,
                "count_b": pair.count_b,
                "calls": pair.calls,
                "p_b_given_a": pair.p_b_given_a,
                "p_a_given_b": pair.p_a_given_b,
                "lift": pair.lift,
                "p_value": pair.p_value,
                "p_adjusted": pair.p_adjusted,
                "strong": (pair.tag_a.pk, pair.tag_b.pk) in strong,
                "sentence": pair_sentence(pair),
                "calls_url": calls_url(result.scope, tag=pair.tag_a, also=pair.tag_b),
            }
            for pair in result.pairs
        ],
        "page": page,
    }


class CooccurrenceApi(APIView):
    """Every pair of tags seen together in the analysed calls of a period, with counts,
    conditional shares, lift, Fisher's exact test and the Benjamini–Hochberg correction
    (docs/cooccurrence.md)."""

    permission_classes = [ProblemsReaders]

    @extend_schema(parameters=[CooccurrenceQuery], responses={200: CooccurrenceOutput})
    def get(self, request: Request) -> Response:
        refuse_empty(request.query_params, ("date_from", "date_to", "line", "category"))
        query = CooccurrenceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = Scope(
            period=query.validated_data["period"],
            line=query.validated_data.get("line"),
            user=request.user,
        )
        category = query.validated_data.get("category")
        page = (
            reverse("taxonomy:cooccurrence")
            + "?"
            + scope.page_query(category=category.pk if category else None)
        )
        result = cooccurrence_in_scope(scope=scope, category=category)
        # The data already has the output's shape and types; passing 1,770 pairs through the
        # serializer again cost a third of the answer on 100,000 calls (bench_taxonomy_scale).
        # CooccurrenceOutput documents it in the schema, and the tests check the shape.
        return Response(cooccurrence_data(result, page))
