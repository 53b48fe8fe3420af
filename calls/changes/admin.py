"""Changes in the admin site: registered by people (the page /changes/new/) or by a done finding;
the admin corrects a title, a date or a window. The effect is computed, never stored: the page
/changes/<id>/ shows it."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from calls.models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["title", "changed_on", "window_days", "created_by", "created_at", "page"]
    list_filter = ["changed_on", "lines"]
    search_fields = ["title", "description"]
    date_hierarchy = "changed_on"
    filter_horizontal = ["lines", "tags"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at"]
    fields = ["title", "description", "changed_on", "window_days", "lines", "tags",
              "created_by", "created_at"]

    @admin.display(description=_("до и после"))
    def page(self, change: Change) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse("changes:detail", args=[change.pk]),
                           _("открыть"))
