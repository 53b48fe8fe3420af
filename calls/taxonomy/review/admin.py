"""Admin registrations of the monthly review (the pages at /taxonomy/review/ are the main tool):
read-only, since a decision goes through the review's services, which log it and apply it once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.models import ReviewSuggestion, TaxonomyReview


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewSuggestionInline(admin.TabularInline):
    model = ReviewSuggestion
    fields = ["kind", "summary", "status", "decided_by", "decided_at", "applied_at"]
    readonly_fields = ["kind", "summary", "status", "decided_by", "decided_at", "applied_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TaxonomyReview)
class TaxonomyReviewAdmin(ReadOnly):
    list_display = ["month", "status", "opened_at", "closed_at"]
    list_filter = ["status"]
    inlines = [ReviewSuggestionInline]


@admin.register(ReviewSuggestion)
class ReviewSuggestionAdmin(ReadOnly):
    list_display = ["summary", "kind", "status", "review", "decided_by", "decided_at", "applied_at"]
    list_filter = ["kind", "status", "review"]
    search_fields = ["summary"]
