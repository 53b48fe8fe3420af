"""Admin registrations of the taxonomy models (the editor at /taxonomy/ is the main tool)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from calls.models import CallTag, KeyPhrase, ReanalysisRun, Tag, TagCategory, TagEvidence


@admin.register(TagCategory)
class TagCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_problem"]
    list_filter = ["is_problem"]
    search_fields = ["name"]


class KeyPhraseInline(admin.TabularInline):
    model = KeyPhrase
    fields = ["text", "speaker", "max_gap", "window_kind", "window_seconds", "is_active"]
    extra = 0


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "is_active", "activated_on", "retired_on"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "code", "phrases__text"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [KeyPhraseInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Tag | None = None) -> list[str]:
        # The code is how exports and the API name a tag: fixed once the tag exists.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj is not None else fields


class TagEvidenceInline(admin.TabularInline):
    model = TagEvidence
    fields = ("segment", "phrase", "start", "end", "text")
    readonly_fields = ("segment", "phrase", "start", "end", "text")
    extra = 0
    can_delete = False


@admin.register(CallTag)
class CallTagAdmin(admin.ModelAdmin):
    list_display = ["call", "tag", "source", "created_by", "created_at"]
    list_filter = ["source", "tag"]
    search_fields = ["call__external_id", "tag__code"]
    raw_id_fields = ["call"]
    readonly_fields = ["created_at"]
    inlines = [TagEvidenceInline]


@admin.register(ReanalysisRun)
class ReanalysisRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "done", "total", "since", "requested_by",
                    "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "since", "total", "done", "cursor", "requested_by",
                       "created_at", "started_at", "finished_at", "heartbeat_at", "error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


import calls.taxonomy.annotation.admin  # noqa: E402, F401  (registers the annotation models)
