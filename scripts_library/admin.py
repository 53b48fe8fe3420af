"""The scripts library in the Django admin: for admins fixing data by hand. Trainers use the
library editor pages; writes here keep history too (SimpleHistoryAdmin), and trigger phrases are
checked by the phrase engine like everywhere else."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from calls.phrase_runtime.forms import PHRASE_FIELDS, PhraseModelForm
from scripts_library.models import (
    ExemplarDialog,
    LibraryReview,
    Objection,
    ObjectionHit,
    ObjectionPhrase,
    ObjectionTheme,
    ResponseBlock,
    ReviewSuggestion,
    SidebarEvent,
)


class ObjectionPhraseForm(PhraseModelForm):
    class Meta:
        model = ObjectionPhrase
        fields = PHRASE_FIELDS


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the analyser or the sidebar: looked at, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ObjectionPhraseInline(admin.TabularInline):
    model = ObjectionPhrase
    form = ObjectionPhraseForm
    extra = 0


class ResponseBlockInline(admin.TabularInline):
    model = ResponseBlock
    fields = ["kind", "text", "order", "is_active", "source", "author"]
    readonly_fields = ["source"]
    raw_id_fields = ["author"]
    extra = 0


@admin.register(ObjectionTheme)
class ObjectionThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(Objection)
class ObjectionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "theme", "status", "updated_at"]
    list_filter = ["status", "theme"]
    search_fields = ["name", "code", "phrases__text"]
    inlines = [ObjectionPhraseInline, ResponseBlockInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code is how imports, the sidebar API and CRMs name an objection: set once.
        return ["code"] if obj is not None else []


@admin.register(ObjectionPhrase)
class ObjectionPhraseAdmin(SimpleHistoryAdmin):
    form = ObjectionPhraseForm
    list_display = ["text", "objection", "speaker", "max_gap", "is_active"]
    list_filter = ["is_active", "speaker"]
    search_fields = ["text", "objection__code"]

    fields = ["objection", *ObjectionPhraseForm.Meta.fields]


@admin.register(ResponseBlock)
class ResponseBlockAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "objection", "kind", "order", "is_active", "source"]
    list_filter = ["kind", "is_active", "source"]
    search_fields = ["text", "objection__code"]
    raw_id_fields = ["author"]


@admin.register(ExemplarDialog)
class ExemplarDialogAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "created_by", "created_at"]
    raw_id_fields = ["call", "created_by"]
    filter_horizontal = ["objections"]


@admin.register(ObjectionHit)
class ObjectionHitAdmin(ReadOnlyAdmin):
    list_display = ["call", "objection", "start", "text", "occurrence", "raised_again"]
    list_filter = ["raised_again", "objection__theme"]
    search_fields = ["call__external_id", "objection__code", "text"]
    list_select_related = ["objection", "call"]


@admin.register(SidebarEvent)
class SidebarEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "block", "objection", "operator", "call_external_id"]
    list_filter = ["kind"]
    search_fields = ["call_external_id", "objection__code"]
    list_select_related = ["block", "objection", "operator"]


class ReviewSuggestionInline(admin.TabularInline):
    model = ReviewSuggestion
    fields = ("kind", "title", "score", "status", "decided_by", "decided_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LibraryReview)
class LibraryReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period_start", "period_end", "status", "calls_considered"]
    list_filter = ["status"]
    inlines = [ReviewSuggestionInline]


@admin.register(ReviewSuggestion)
class ReviewSuggestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "review", "kind", "score", "status", "decided_by"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
