"""The API of corrections: read a segment with its history, correct its text (PATCH), restore the
recognizer's (DELETE of its correction). The same roles and service as the call page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.api.views import WritePermission
from calls.corrections.services import MAX_TEXT_LENGTH, segment_correct, segment_restore
from calls.models import Call, Segment, SegmentCorrection
from project.api_inputs import JsonInput
from project.api_parsers import JsonParser
from project.api_schema import error_response


class SegmentCorrectionInput(JsonInput):
    text = serializers.CharField(
        max_length=MAX_TEXT_LENGTH,
        help_text="Исправленный текст реплики; текст, совпадающий с распознанным, — возврат к "
                  "нему. Персональные данные скрываются, как в расшифровке",
    )


class CorrectionHistoryOutput(serializers.ModelSerializer):
    user: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = SegmentCorrection
        fields = ["action", "text_before", "text_after", "user", "at"]


class CorrectedSegmentOutput(serializers.ModelSerializer):
    recognized_text = serializers.SerializerMethodField(
        help_text="Текст распознавания, если реплику исправили; иначе null"
    )
    corrected_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    history = CorrectionHistoryOutput(many=True, read_only=True, source="corrections")

    class Meta:
        model = Segment
        fields = ["index", "speaker", "start", "end", "text", "confidence", "recognized_text",
                  "corrected_by", "corrected_at", "history"]

    def get_recognized_text(self, segment: Segment) -> str | None:
        return segment.recognized_text if segment.is_corrected else None


def _segment(request: Request, pk: int, index: int) -> Segment:
    # A call the user may not see does not exist for them: 404, never 403.
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    return get_object_or_404(
        Segment.objects.select_related("corrected_by").prefetch_related("corrections__user"),
        call=call, index=index,
    )


CORRECTION_ERRORS = {
    400: error_response("invalid, correction_rejected: пустой или слишком длинный текст."),
    409: error_response("call_being_transcribed: звонок распознаётся заново, исправить "
                        "реплику можно после распознавания."),
}


class SegmentApi(APIView):
    write_permission = "calls.change_segment"
    permission_classes = [permissions.IsAuthenticated, WritePermission]
    parser_classes = [JsonParser]

    @extend_schema(responses={200: CorrectedSegmentOutput})
    def get(self, request: Request, pk: int, index: int) -> Response:
        """One segment of a call with the recognizer's text and the history of corrections."""
        return Response(CorrectedSegmentOutput(_segment(request, pk, index)).data)

    @extend_schema(request=SegmentCorrectionInput,
                   responses={200: CorrectedSegmentOutput, **CORRECTION_ERRORS})
    def patch(self, request: Request, pk: int, index: int) -> Response:
        """Correct the segment's text (trainers, admins); the call is analysed again."""
        segment = _segment(request, pk, index)
        data = SegmentCorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        segment_correct(segment=segment, text=data.validated_data["text"],
                        user=request.user)  # type: ignore[arg-type]
        return Response(CorrectedSegmentOutput(_segment(request, pk, index)).data)


class SegmentCorrectionApi(APIView):
    write_permission = "calls.change_segment"
    permission_classes = [permissions.IsAuthenticated, WritePermission]

    @extend_schema(responses={
        204: None,
        404: error_response("not_found: нет такого звонка или реплики, или реплику не "
                            "исправляли."),
        409: CORRECTION_ERRORS[409],
    })
    def delete(self, request: Request, pk: int, index: int) -> Response:
        """Give the segment back the recognizer's text and word timings; logged."""
        segment = _segment(request, pk, index)
        if not segment_restore(segment=segment, user=request.user):  # type: ignore[arg-type]
            return Response(
                {"error": {"code": "not_found", "message": _("Реплику никто не исправлял."),
                           "details": None}},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
