"""Departments in the admin site: the departments (also edited on /departments/), the fixed alert
thresholds, and read-only records of what was sent — alerts, reports, shares and e-mails (a
failed e-mail is resent from the department's page or with the action here)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from calls.departments.forms import DepartmentForm
from calls.departments.outbox import email_resend
from calls.models import (
    CallShare,
    Department,
    DepartmentAlert,
    DepartmentReport,
    OutgoingEmail,
    TagAlertThreshold,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = DepartmentForm
    list_display = ["name", "code", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(TagAlertThreshold)
class TagAlertThresholdAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["tag", "minimum"]
    list_select_related = ["tag"]
    autocomplete_fields = ["tag"]


@admin.register(DepartmentAlert)
class DepartmentAlertAdmin(ReadOnlyAdmin):
    list_display = ["department", "tag", "day", "count", "threshold", "threshold_source"]
    list_filter = ["department", "threshold_source"]
    list_select_related = ["department", "tag"]
    date_hierarchy = "day"


@admin.register(DepartmentReport)
class DepartmentReportAdmin(ReadOnlyAdmin):
    list_display = ["department", "week", "created_at"]
    list_filter = ["department"]


@admin.register(CallShare)
class CallShareAdmin(ReadOnlyAdmin):
    list_display = ["call", "department", "reason", "shared_at"]
    list_filter = ["department", "reason"]
    raw_id_fields = ["call"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ["to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "department"]
    exclude = ["attachment"]
    actions = ["resend"]

    @admin.action(description=_("Отправить снова"))
    def resend(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        for email in queryset.exclude(status=OutgoingEmail.Status.SENT):
            email_resend(email=email)
        messages.success(request, _("Письма снова в очереди."))
