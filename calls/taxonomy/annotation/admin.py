"""Admin registrations of annotation campaigns: to look up and correct a name or a description.

Campaigns are created, closed and applied on their pages (/taxonomy/annotation/), where the
sample is drawn and the blindness kept; the answers and the ties' decisions are records of what
people said and are read here, never edited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.models import Annotation, AnnotationCampaign, CampaignCall, TieResolution


class CampaignCallInline(admin.TabularInline):
    model = CampaignCall
    fields = ["order", "call", "stratum"]
    readonly_fields = ["order", "call", "stratum"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnnotationCampaign)
class AnnotationCampaignAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "sampling",
        "sample_size",
        "created_at",
        "closed_at",
        "labels_applied_at",
    ]
    list_filter = ["status", "sampling"]
    search_fields = ["name"]
    fields = [
        "name",
        "description",
        "status",
        "sampling",
        "sample_size",
        "date_from",
        "date_to",
        "annotators",
        "created_by",
        "created_at",
        "closed_by",
        "closed_at",
        "labels_applied_at",
    ]
    readonly_fields = [
        "status",
        "sampling",
        "sample_size",
        "date_from",
        "date_to",
        "annotators",
        "created_by",
        "created_at",
        "closed_by",
        "closed_at",
        "labels_applied_at",
    ]
    inlines = [CampaignCallInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "call", "annotator", "none_apply", "submitted_at"]
    list_filter = ["campaign", "none_apply"]
    search_fields = ["call__external_id", "annotator__username"]
    raw_id_fields = ["call"]


@admin.register(TieResolution)
class TieResolutionAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "call", "tag", "applies", "decided_by", "decided_at"]
    list_filter = ["campaign", "applies"]
