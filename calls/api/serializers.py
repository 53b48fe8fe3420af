"""Input and output shapes of the calls API; no logic lives here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from calls.models import Call, CallStatusChange, Segment, Speaker
from project.roles import Role, has_role


class CallUploadInput(serializers.Serializer):
    audio = serializers.FileField(allow_empty_file=True)
    external_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    original_name = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, trim_whitespace=False,
        help_text="Имя файла, под которым звонок показывается и ищется, если имя части audio "
                  "не оно (например, «blob»); по умолчанию — имя части audio. Папки, управляющие "
                  "символы убираются, длиннее 255 символов — обрезается с сохранением расширения",
    )
    line = serializers.CharField(max_length=100, required=False, allow_blank=True)
    direction = serializers.ChoiceField(
        choices=Call.Direction.choices, default=Call.Direction.INBOUND
    )
    started_at = serializers.DateTimeField(
        required=False,
        help_text="ISO 8601, например 2026-11-20T10:15:00+03:00",
        # DRF's own wording («Неправильный формат datetime…») leaks a type name to people.
        error_messages={
            "invalid": _("Дата и время начала не распознаны: укажите их в формате ISO 8601, "
                         "например 2026-11-20T10:15:00+03:00."),
            "date": _("Нужны дата и время начала, а не только дата (ISO 8601, например "
                      "2026-11-20T10:15:00+03:00)."),
            "make_aware": _("Такого времени нет в часовом поясе {timezone}."),
            "overflow": _("Дата и время начала вне допустимого диапазона."),
        },
    )
    operator = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="Код оператора в телефонии/CRM"
    )
    customer_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=Call.Outcome.choices, default=Call.Outcome.UNKNOWN
    )
    mono_speaker = serializers.ChoiceField(
        choices=Speaker.choices, default=Speaker.UNKNOWN,
        help_text="Кто говорит в моно-записи (для стерео — по каналам линии)",
    )
    create_missing = serializers.BooleanField(
        default=False,
        help_text="Создать оператора и линию с неизвестными кодами (только администраторы); "
                  "без этого флага неизвестный код отклоняется с кодом metadata_rejected",
    )


class SegmentOutput(serializers.ModelSerializer):
    corrected_at = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text="Когда человек исправил текст реплики (null — текст распознавания); "
                  "исправление и его история: /api/v1/calls/{id}/segments/{index}/",
    )

    class Meta:
        model = Segment
        fields = ["index", "speaker", "start", "end", "text", "confidence", "corrected_at"]


class StatusChangeOutput(serializers.ModelSerializer):
    class Meta:
        model = CallStatusChange
        fields = ["status", "note", "at"]


class CallOutput(serializers.ModelSerializer):
    # A call may have no operator or line (unknown codes, an upload without metadata): null.
    operator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    operator_name = serializers.CharField(source="operator.display_name", default="")
    line: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    customer_phone = serializers.CharField(source="customer_phone_masked")
    title = serializers.CharField(
        read_only=True,
        help_text="Как звонок называется на страницах: имя файла записи, иначе внешний ID",
    )

    class Meta:
        model = Call
        fields = [
            "id", "external_id", "original_name", "title", "line", "direction", "started_at",
            "duration", "operator", "operator_name", "customer_phone", "customer_key", "outcome",
            "channel_layout", "status", "failure_reason", "attempts", "created_at",
            "transcribed_at", "analysed_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
        fields = super().get_fields()
        # The phone's HMAC is for matching one customer's calls (admins, integrations); a person
        # reading calls has no use for it, and it identifies the customer across calls.
        request = self.context.get("request")
        if request is None or not has_role(request.user, Role.ADMIN):
            fields.pop("customer_key", None)
        return fields


class CallDetailOutput(CallOutput):
    segments = SegmentOutput(many=True, read_only=True)
    status_history = StatusChangeOutput(many=True, read_only=True, source="status_changes")

    class Meta(CallOutput.Meta):
        fields = [*CallOutput.Meta.fields, "audio_format", "audio_codec", "sample_rate",
                  "segments", "status_history"]
