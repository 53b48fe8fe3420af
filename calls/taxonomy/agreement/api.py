"""GET /api/v1/taxonomy/agreement/?campaign=: the agreement page's numbers for programs, for
admins and trainers (docs/agreement.md). Also the JSON of `manage.py agreement --format json`,
so that both say the same in the same names."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.models import AnnotationCampaign
from calls.taxonomy.agreement.scope import campaign_refusal, reads_agreement, unknown_campaign
from calls.taxonomy.agreement.services import (
    AgreementReport,
    Coefficients,
    TagAgreement,
    agreement_report,
    is_low,
)
from calls.taxonomy.agreement.sources import SourceAccuracy, source_accuracy, source_totals
from project.roles import AnyUser


class AgreementQuery(serializers.Serializer):
    campaign = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Название кампании разметки; без него или пустое — все закрытые кампании вместе.",
    )


class CoefficientsOutput(serializers.Serializer):
    items = serializers.IntegerField(
        help_text="Элементов (звонок × тег) с двумя ответами и больше."
    )
    cohen_kappa = serializers.FloatField(
        allow_null=True, help_text="Каппа Коэна (два разметчика); null — не определена."
    )
    cohen_band = serializers.CharField(allow_null=True, help_text="Оценка по Лэндису — Коху.")
    cohen_items = serializers.IntegerField(help_text="Элементов, на которых считалась каппа Коэна.")
    fleiss_kappa = serializers.FloatField(
        allow_null=True, help_text="Каппа Флейса (на звонках с одинаковым числом ответов)."
    )
    fleiss_band = serializers.CharField(allow_null=True)
    fleiss_items = serializers.IntegerField()
    fleiss_raters = serializers.IntegerField(help_text="Ответов на элемент у каппы Флейса.")
    krippendorff_alpha = serializers.FloatField(
        allow_null=True, help_text="Альфа Криппендорфа (номинальная, пропуски допустимы)."
    )
    krippendorff_band = serializers.CharField(allow_null=True)
    percent_agreement = serializers.FloatField(
        allow_null=True, help_text="Доля элементов, где все ответы совпали, 0–1 (без поправки)."
    )
    coefficient_name = serializers.ChoiceField(
        choices=["cohen_kappa", "fleiss_kappa"],
        allow_null=True,
        help_text="Какая каппа подходит: cohen_kappa для двух разметчиков, fleiss_kappa для "
        "трёх и больше; null при одном.",
    )
    coefficient = serializers.FloatField(allow_null=True, help_text="Значение этой каппы.")
    band = serializers.CharField(allow_null=True, help_text="Её оценка по Лэндису — Коху.")


class AnswerOutput(serializers.Serializer):
    annotator = serializers.CharField(help_text="Имя пользователя разметчика.")
    chose = serializers.BooleanField(help_text="Поставил ли он этот тег.")
    tags = serializers.ListField(
        child=serializers.CharField(), help_text="Коды всех тегов, что он поставил на звонок."
    )


class DisagreementOutput(serializers.Serializer):
    call = serializers.IntegerField(help_text="id звонка.")
    answers = AnswerOutput(many=True)


class TagAgreementOutput(CoefficientsOutput):
    tag = serializers.CharField(help_text="Код тега.")
    name = serializers.CharField()
    chosen = serializers.IntegerField(help_text="Звонков, где тег поставил хоть один разметчик.")
    low = serializers.BooleanField(help_text="Ниже порога: «уточните описание».")
    disagreements = DisagreementOutput(many=True)


class SourceOutput(serializers.Serializer):
    tag = serializers.CharField(allow_null=True, help_text="Код тега; null — все теги вместе.")
    # A field named like Field.source: DRF takes declared fields off the class, mypy cannot know.
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="auto — по фразам, model — по модели, manual — "
        "вручную (кроме перенесённого из кампании)."
    )
    calls = serializers.IntegerField(help_text="Звонков, где эталон решён (без ничьих).")
    found = serializers.IntegerField()
    true_positives = serializers.IntegerField()
    false_positives = serializers.IntegerField()
    false_negatives = serializers.IntegerField()
    precision = serializers.FloatField(allow_null=True)
    precision_low = serializers.FloatField(allow_null=True, help_text="95% интервал Уилсона.")
    precision_high = serializers.FloatField(allow_null=True)
    recall = serializers.FloatField(allow_null=True)
    recall_low = serializers.FloatField(allow_null=True)
    recall_high = serializers.FloatField(allow_null=True)
    false_positive_calls = serializers.ListField(child=serializers.IntegerField())
    false_negative_calls = serializers.ListField(child=serializers.IntegerField())


class AgreementOutput(serializers.Serializer):
    campaign = serializers.CharField(allow_null=True)
    threshold = serializers.FloatField(help_text="TAG_AGREEMENT_THRESHOLD.")
    calls = serializers.IntegerField(help_text="Размеченных звонков.")
    annotators = serializers.ListField(child=serializers.CharField())
    overall = CoefficientsOutput()
    tags = TagAgreementOutput(many=True)
    sources = SourceOutput(many=True)
    source_totals = SourceOutput(many=True)


def _coefficients(row: Coefficients) -> dict[str, Any]:
    return {
        "items": row.items,
        "cohen_kappa": row.cohen_kappa,
        "cohen_band": row.cohen_band,
        "cohen_items": row.cohen_items,
        "fleiss_kappa": row.fleiss_kappa,
        "fleiss_band": row.fleiss_band,
        "fleiss_items": row.fleiss_items,
        "fleiss_raters": row.fleiss_raters,
        "krippendorff_alpha": row.krippendorff_alpha,
        "krippendorff_band": row.krippendorff_band,
        "percent_agreement": row.percent,
        "coefficient_name": row.applies,
        "coefficient": row.coefficient,
        "band": row.band,
    }


def _tag(row: TagAgreement, threshold: float) -> dict[str, Any]:
    return {
        **_coefficients(row),
        "tag": row.tag.code,
        "name": row.tag.name,
        "chosen": row.chosen,
        "low": is_low(row, threshold),
        "disagreements": [
            {
                "call": item.call_id,
                "answers": [
                    {
                        "annotator": answer.annotator.get_username(),
                        "chose": answer.chose,
                        "tags": [tag.code for tag in answer.tags],
                    }
                    for answer in item.answers
                ],
            }
            for item in row.disagreements
        ],
    }


def _source(row: SourceAccuracy) -> dict[str, Any]:
    precision, recall = row.precision_interval, row.recall_interval
    return {
        "tag": row.tag.code if row.tag else None,
        "source": str(row.source),
        "calls": row.calls,
        "found": row.found,
        "true_positives": len(row.true_positives),
        "false_positives": len(row.false_positives),
        "false_negatives": len(row.false_negatives),
        "precision": row.precision,
        "precision_low": precision.low if precision else None,
        "precision_high": precision.high if precision else None,
        "recall": row.recall,
        "recall_low": recall.low if recall else None,
        "recall_high": recall.high if recall else None,
        "false_positive_calls": sorted(set(row.false_positives)),
        "false_negative_calls": sorted(set(row.false_negatives)),
    }


def agreement_data(report: AgreementReport, sources: list[SourceAccuracy]) -> dict[str, Any]:
    return AgreementOutput(
        {
            "campaign": report.campaign.name if report.campaign else None,
            "threshold": report.threshold,
            "calls": len(report.call_ids),
            "annotators": [user.get_username() for user in report.annotators],
            "overall": _coefficients(report.overall),
            "tags": [_tag(row, report.threshold) for row in report.tags],
            "sources": [_source(row) for row in sources],
            "source_totals": [_source(row) for row in source_totals(sources)],
        }
    ).data


class AgreementReaders(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return reads_agreement(request.user)


def campaign_for(name: str | None, user: AnyUser | None) -> AnnotationCampaign | None:
    """The campaign asked for by name (None: every closed one); a Russian 400 otherwise."""
    if not name:
        return None
    campaign = AnnotationCampaign.objects.filter(name=name).first()
    if campaign is None:
        raise exceptions.ValidationError({"campaign": [unknown_campaign(name)]})
    refusal = campaign_refusal(campaign, user)
    if refusal:
        raise exceptions.ValidationError({"campaign": [refusal]})
    return campaign


class AgreementApi(APIView):
    """Per tag and over all tags: the annotators' agreement (Cohen's or Fleiss' kappa and
    Krippendorff's alpha, with Landis–Koch bands), the low tags with the calls the annotators
    disagreed on, and each tag source's precision and recall against their reference."""

    permission_classes = [permissions.IsAuthenticated, AgreementReaders]

    @extend_schema(parameters=[AgreementQuery], responses={200: AgreementOutput})
    def get(self, request: Request) -> Response:
        query = AgreementQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign = campaign_for(query.validated_data.get("campaign"), request.user)
        report = agreement_report(campaign=campaign)
        return Response(agreement_data(report, source_accuracy(campaign=campaign)))
