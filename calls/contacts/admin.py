"""Contact links and moments of resolution in the admin site: read-only (they are computed:
`link_contacts`, the `resolution` analyser); goals are editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.models import CallResolution, ContactGoal, ContactLink


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContactLink)
class ContactLinkAdmin(_ReadOnly):
    list_display = ["call", "kind", "started_at", "previous", "gap_seconds", "repeat_of",
                    "came_back"]
    list_filter = ["kind", "came_back"]
    raw_id_fields = ["call", "previous", "repeat_of"]
    date_hierarchy = "started_at"


@admin.register(CallResolution)
class CallResolutionAdmin(_ReadOnly):
    list_display = ["call", "resolved", "resolved_at", "acceptance_text", "analysed_at"]
    list_filter = ["resolved"]
    raw_id_fields = ["call", "answer_segment", "acceptance_segment"]


@admin.register(ContactGoal)
class ContactGoalAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "metric", "target_change", "tag", "line", "team", "starts_on",
                    "ends_on", "created_by"]
    list_filter = ["metric"]
    raw_id_fields = ["created_by"]
