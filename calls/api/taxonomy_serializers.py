"""Input and output shapes of the taxonomy and call-tag API; no logic lives here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calls.models import (
    CallTag,
    KeyPhrase,
    PhraseSpeaker,
    Tag,
    TagCategory,
    TagEvidence,
    WindowKind,
)
from calls.phrase_runtime.validation import WINDOW_MAX_SECONDS
from calls.phrases.rules import MAX_GAP_LIMIT
from project.api_inputs import JsonInput


@extend_schema_field({
    "type": "string",
    "pattern": f"^({'|'.join(PhraseSpeaker.values)})$",
    "description": "Кто говорит фразу: customer, operator или any",
})
class PhraseSpeakerField(serializers.ChoiceField):
    """Described by a pattern, not an enum: drf-spectacular names enums by field name, and the
    segments' `speaker` (operator/customer/unknown) already owns that name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=PhraseSpeaker.choices, **kwargs)


class WindowSerializer(JsonInput):
    kind = serializers.ChoiceField(choices=[WindowKind.FIRST, WindowKind.LAST])
    seconds = serializers.IntegerField(min_value=1, max_value=WINDOW_MAX_SECONDS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A PATCH validates nested fields as partial too, so {} passed and removed the window.
        missing = [name for name in ("kind", "seconds") if name not in attrs]
        if missing:
            raise serializers.ValidationError(
                {name: [_("Обязательное поле.")] for name in missing})
        return attrs


# --- Outputs -------------------------------------------------------------------------------------


class TagCategoryOutput(serializers.ModelSerializer):
    class Meta:
        model = TagCategory
        fields = ["id", "name", "description", "order", "is_problem"]


class PhraseOutput(serializers.ModelSerializer):
    tag: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    speaker = PhraseSpeakerField(read_only=True)
    window = serializers.SerializerMethodField()

    class Meta:
        model = KeyPhrase
        fields = ["id", "tag", "text", "speaker", "max_gap", "window", "is_active", "updated_at"]

    @extend_schema_field(WindowSerializer(allow_null=True))
    def get_window(self, phrase: KeyPhrase) -> dict[str, Any] | None:
        if phrase.window_kind == WindowKind.NONE:
            return None
        return {"kind": phrase.window_kind, "seconds": phrase.window_seconds}


class TagPhraseOutput(PhraseOutput):
    class Meta(PhraseOutput.Meta):
        fields = ["id", "text", "speaker", "max_gap", "window", "is_active"]


class TagOutput(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    phrases = TagPhraseOutput(many=True, read_only=True)

    class Meta:
        model = Tag
        fields = ["code", "name", "description", "category", "category_name", "is_active",
                  "activated_on", "retired_on", "created_at", "updated_at", "phrases"]


class EvidenceOutput(serializers.ModelSerializer):
    segment = serializers.IntegerField(source="segment.index", read_only=True,
                                       help_text="Номер реплики в звонке")
    phrase = serializers.CharField(source="phrase.text", read_only=True, default=None,
                                   allow_null=True)

    class Meta:
        model = TagEvidence
        fields = ["segment", "start", "end", "char_start", "char_end", "text", "phrase"]


class CallTagOutput(serializers.ModelSerializer):
    tag = serializers.CharField(source="tag.code", read_only=True)
    name = serializers.CharField(source="tag.name", read_only=True)
    category = serializers.CharField(source="tag.category.name", read_only=True)
    created_by = serializers.CharField(source="created_by.get_username", read_only=True,
                                       default=None, allow_null=True)
    evidence = EvidenceOutput(many=True, read_only=True)

    class Meta:
        model = CallTag
        fields = ["tag", "name", "category", "source", "created_by", "created_at", "evidence"]


# --- Inputs --------------------------------------------------------------------------------------

class TagCategoryInput(JsonInput):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767, default=0)
    is_problem = serializers.BooleanField(
        required=False, default=True,
        help_text="Теги категории — проблемы клиентов (попадают в «Главные проблемы»).",
    )


class TagCreateInput(JsonInput):
    code = serializers.SlugField(max_length=100)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.PrimaryKeyRelatedField(queryset=TagCategory.objects.all())
    is_active = serializers.BooleanField(required=False, default=True)


class TagUpdateInput(JsonInput):
    """Every field optional (PATCH); the code cannot change."""

    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(
        queryset=TagCategory.objects.all(), required=False
    )
    is_active = serializers.BooleanField(required=False)


class PhraseFieldsInput(JsonInput):
    text = serializers.CharField(max_length=300)
    speaker = PhraseSpeakerField()
    max_gap = serializers.IntegerField(min_value=0, max_value=MAX_GAP_LIMIT, default=1)
    window = WindowSerializer(required=False, allow_null=True, default=None)
    is_active = serializers.BooleanField(required=False, default=True)


class PhraseCreateInput(PhraseFieldsInput):
    tag = serializers.SlugRelatedField(slug_field="code", queryset=Tag.objects.all())


class CallTagInput(JsonInput):
    tag = serializers.SlugRelatedField(slug_field="code", queryset=Tag.objects.all(),
                                       help_text="Код тега")
