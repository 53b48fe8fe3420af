"""The admin of redaction: what was hidden per call (never the value) and the archive runs."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from calls.models import Redaction, RedactionRun


class RedactionInline(admin.TabularInline):
    model = Redaction
    fields = readonly_fields = ("segment_index", "kind", "start", "end", "muted", "mute_attempts",
                                "created_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(RedactionRun)
class RedactionRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "progress", "changed", "muted", "audio_failed",
                    "audio", "requested_by", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "audio", "total", "done", "changed", "muted", "audio_failed",
                       "cursor", "requested_by", "created_at", "started_at", "finished_at",
                       "heartbeat_at", "error"]

    @admin.display(description=_("ход"))
    def progress(self, run: RedactionRun) -> str:
        return f"{run.done}/{run.total} ({run.percent}%)"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Started by `manage.py redact_archive`, which checks that no other run is alive.
        return False
