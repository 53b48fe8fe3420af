"""Findings in the admin site, read-only: they move through their pages and API
(calls/departments/findings/services.py), which write each step as an event; the admin site
only reads them, so no step escapes the record."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.models import Finding, FindingCallback, FindingEvent, FindingReminder


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FindingEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = FindingEvent
    fields = ["status", "note", "by", "at"]
    readonly_fields = ["status", "note", "by", "at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["title", "department", "status", "due_on", "created_at", "done_at"]
    list_filter = ["status", "department", "source"]
    list_select_related = ["department"]
    search_fields = ["title", "what_changed"]
    raw_id_fields = ["calls"]
    inlines = [FindingEventInline]


@admin.register(FindingEvent)
class FindingEventAdmin(ReadOnlyAdmin):
    list_display = ["finding", "status", "by", "at"]
    list_filter = ["status"]
    list_select_related = ["finding", "by"]


@admin.register(FindingCallback)
class FindingCallbackAdmin(ReadOnlyAdmin):
    # The customer's key is a hash that means nothing to a person: not shown.
    list_display = ["finding", "call", "called_back_at", "by"]
    fields = ["finding", "call", "called_back_at", "by", "note"]
    list_select_related = ["finding", "by"]


@admin.register(FindingReminder)
class FindingReminderAdmin(ReadOnlyAdmin):
    list_display = ["finding", "sent_on", "sent_at"]
    list_select_related = ["finding"]
