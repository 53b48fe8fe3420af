from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.forms import CallUploadForm
from calls.ingestion import CallMetadata, call_ingest_audio, may_create_missing
from calls.models import (
    Call,
    CallStatusChange,
    Line,
    LineTerm,
    Operator,
    RejectedUpload,
    Segment,
    Team,
)
from calls.pipeline import call_retry
from calls.redaction.admin import RedactionInline
from project.errors import DomainError
from project.russian import plural


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    search_fields = ["name"]


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "code", "team", "user", "hired_on"]
    list_filter = ["team"]
    search_fields = ["display_name", "code"]
    autocomplete_fields = ["user"]


class LineTermFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [form for form in self.forms
                if form.cleaned_data.get("term") and not form.cleaned_data.get("DELETE")]
        cap = settings.LINE_VOCABULARY_MAX_TERMS
        if len(kept) > cap:
            raise ValidationError(
                _("В словаре линии не больше %(count)s: длинный словарь мешает распознаванию.")
                % {"count": plural(cap, (_("слова"), _("слов"), _("слов")))}
            )


class LineTermInline(admin.TabularInline):
    """The line's vocabulary (docs/line-vocabulary.md), capped as on the vocabulary page."""

    model = LineTerm
    formset = LineTermFormSet
    fields = ("term", "source", "added_by", "added_at")
    readonly_fields = ("source", "added_by", "added_at")
    extra = 0


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "operator_channel", "redact_audio", "vocabulary_to_decoder"]
    search_fields = ["name", "code"]
    inlines = [LineTermInline]


class SegmentInline(admin.TabularInline):
    model = Segment
    fields = readonly_fields = ("index", "speaker", "start", "end", "text", "confidence")
    extra = 0
    can_delete = False


class StatusChangeInline(admin.TabularInline):
    model = CallStatusChange
    fields = readonly_fields = ("at", "status", "note")
    extra = 0
    can_delete = False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["external_id", "original_name", "started_at", "operator", "line", "duration",
                    "status", "outcome"]
    list_filter = ["status", "line", "outcome", "source", "channel_layout"]
    search_fields = ["external_id", "original_name", "operator__display_name", "operator__code"]
    date_hierarchy = "started_at"
    # The file name is cleaned as it comes in (calls/file_names.py); an edit here would skip that.
    readonly_fields = ["original_name", "customer_key", "customer_phone_masked", "checksum",
                       "status", "failure_reason", "attempts", "queued_at", "claimed_at",
                       "claimed_by", "created_at", "updated_at", "transcribed_at", "analysed_at",
                       "source", "audio_format", "audio_codec", "sample_rate", "channel_layout",
                       "duration"]
    inlines = [StatusChangeInline, SegmentInline, RedactionInline]
    actions = ["retry_failed"]

    def get_urls(self) -> list[URLPattern]:
        upload = path("upload/", self.admin_site.admin_view(self.upload_view),
                      name="calls_call_upload")
        return [upload, *super().get_urls()]

    def add_view(self, request: HttpRequest, form_url: str = "",
                 extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # A call is created from its recording, through the same validation as every other way in.
        return HttpResponseRedirect(reverse("admin:calls_call_upload"))

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        form = CallUploadForm(
            request.POST or None, request.FILES or None,
            allow_create_missing=may_create_missing(request.user),
        )
        if request.method == "POST" and form.is_valid():
            fields = form.cleaned_data
            try:
                result = call_ingest_audio(
                    audio=fields["audio"],
                    filename=fields["audio"].name,
                    metadata=CallMetadata(
                        external_id=fields["external_id"], line=fields["line"],
                        direction=fields["direction"], started_at=fields["started_at"],
                        operator=fields["operator"], customer_phone=fields["customer_phone"],
                        outcome=fields["outcome"], mono_speaker=fields["mono_speaker"],
                    ),
                    source=Call.Source.ADMIN,
                    create_missing=fields["create_missing"],
                )
            except DomainError as error:
                form.add_error("audio", error.message)
            else:
                if result.created:
                    self.message_user(request, _("Звонок принят и поставлен в очередь."))
                else:
                    self.message_user(request, _("Такой звонок уже есть: открыт существующий."),
                                      messages.WARNING)
                return HttpResponseRedirect(
                    reverse("admin:calls_call_change", args=[result.call.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Загрузить звонок"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/calls/call/upload.html", context)

    @admin.action(description=gettext_lazy("Повторить обработку звонков с ошибкой"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Call]) -> None:
        done = 0
        for call in queryset.filter(status=Call.Status.FAILED):
            try:
                call_retry(call=call)
            except DomainError as error:
                self.message_user(request, f"{call.title}: {error.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("Повторно поставлено в очередь: %(n)s")
                          % {"n": plural(done, "звонок,звонка,звонков")})


@admin.register(RejectedUpload)
class RejectedUploadAdmin(admin.ModelAdmin):
    list_display = ["received_at", "source", "filename", "external_id", "reason"]
    list_filter = ["source"]
    search_fields = ["filename", "external_id", "reason"]
    readonly_fields = ["received_at", "source", "filename", "external_id", "size", "checksum",
                       "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


import calls.changes.admin  # noqa: E402, F401  (registers the changes)
import calls.contacts.admin  # noqa: E402, F401  (repeat contacts, resolution moments, goals)
import calls.departments.admin  # noqa: E402, F401  (registers the departments)
import calls.departments.findings.admin  # noqa: E402, F401  (registers findings, read-only)
import calls.taxonomy.admin  # noqa: E402, F401  (registers the taxonomy models)
import calls.taxonomy.review.admin  # noqa: E402, F401  (registers the monthly review)
import calls.voice.words.admin  # noqa: E402, F401  (registers the word cue lists)
