"""Pages for listening to calls: the list, one call with its transcript, retry, the audio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.corrections.display import corrections_context
from calls.errors import CallNotRetryable
from calls.extensions import call_actions, render_call_panels
from calls.filters import CallFilter
from calls.forms import CallBatchUploadForm
from calls.health import queue_trouble
from calls.ingestion import call_ingest_audio
from calls.models import Call, CallTag
from calls.pipeline import call_retry
from calls.recordings import recording_response
from calls.redaction.storage import audio_withheld, redaction_notice
from calls.taxonomy.display import call_tags_context
from project.errors import DomainError
from project.roles import AnyUser, Role, has_role, roles_of

CALLS_PER_PAGE = 25

# Statuses in which the call is still moving through the pipeline; its page polls for news.
IN_PROGRESS = {
    Call.Status.RECEIVED,
    Call.Status.QUEUED,
    Call.Status.TRANSCRIBING,
    Call.Status.TRANSCRIBED,
}


@login_required
@require_safe
def call_list(request: HttpRequest) -> HttpResponse:
    if roles_of(request.user) == {Role.ANNOTATOR}:
        # Someone who only annotates sees no call list (the home page and the login land here):
        # their calls are their annotation queue (docs/annotation.md).
        return redirect("taxonomy:annotation:queue")
    calls = (
        Call.objects.visible_to(request.user)
        .select_related("operator", "line")
        .prefetch_related(
            Prefetch("call_tags", queryset=CallTag.objects.select_related("tag").order_by("tag"))
        )
    )
    call_filter = CallFilter(request.GET, queryset=calls, request=request)
    # A filter that does not validate (a foreign operator, a bad date) shows its error and no
    # calls, rather than silently showing everything.
    found = call_filter.qs if call_filter.is_valid() else calls.none()
    page = Paginator(found, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    sees_others = has_role(request.user, Role.TRAINER, Role.MANAGER, Role.ADMIN)
    return render(
        request,
        "calls/call_list.html",
        {
            "filter": call_filter,
            "from_figures": CallFilter.FROM_FIGURES,
            "page": page,
            "is_filtered": any(request.GET.get(name) for name in call_filter.form.fields),
            "heading": _("Звонки") if sees_others else _("Мои звонки"),
            # An operator sees only their own calls: choosing an operator means nothing to them.
            "show_operator_filter": sees_others,
        },
    )


@login_required
@require_safe
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # A call the user may not see does not exist for them: 404, never 403.
    call = get_object_or_404(
        Call.objects.visible_to(request.user).select_related("operator__team", "line"), pk=pk
    )
    # A page of 100,000 segments was 51 MB; a long transcript is shown in parts.
    segment_pages = Paginator(
        call.segments.select_related("corrected_by").order_by("index", "start"),
        settings.CALL_PAGE_MAX_SEGMENTS,
    )
    segment_page = segment_pages.get_page(request.GET.get("part"))
    segments = list(segment_page.object_list)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "segments": segments,
            "segment_page": segment_page if segment_pages.num_pages > 1 else None,
            **call_tags_context(call, segments=segments, user=request.user),
            # Who corrected which segment, and the forms to correct it (calls/corrections/).
            **corrections_context(call, segments=segments, user=request.user),
            # Cards later apps add (calls/extensions.py): the library's objections, …
            "call_panels": render_call_panels(call, request),
            # Buttons later apps add to the head (calls/extensions.py): «Оценить звонок», …
            "call_actions": call_actions(call, request),
            "status_changes": call.status_changes.order_by("at", "id"),
            "redaction_notice": redaction_notice(call),
            "audio_withheld": audio_withheld(call),
            "in_progress": call.status in IN_PROGRESS,
            # A waiting call says why it does not move when the broker or the cluster is down.
            "queue_notice": queue_trouble()
            if call.status in (Call.Status.RECEIVED, Call.Status.QUEUED) else "",
            "may_retry": call.status == Call.Status.FAILED
            and request.user.has_perm("calls.change_call"),
        },
    )


@login_required
@permission_required("calls.change_call", raise_exception=True)
@require_POST
def call_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    try:
        call_retry(call=call)
    except CallNotRetryable as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Звонок отправлен на повторную обработку."))
    return redirect("calls:detail", pk=call.pk)


@dataclass(frozen=True)
class UploadOutcome:
    """What became of one file of an upload: a call (new or already stored), or a refusal."""

    filename: str
    call: Call | None = None
    created: bool = False
    code: str = ""
    message: str = ""
    details: Any = None

    def as_json(self) -> dict[str, Any]:
        if self.call is None:
            return {"filename": self.filename, "error": {
                "code": self.code, "message": self.message, "details": self.details,
            }}
        return {"filename": self.filename, "created": self.created, "call": {
            "id": self.call.pk, "url": reverse("calls:detail", args=[self.call.pk]),
            "status": self.call.get_status_display(),
        }}


def _upload_one(
    upload: UploadedFile, *, form: CallBatchUploadForm, user: AnyUser
) -> UploadOutcome:
    filename = upload.name or ""
    try:
        result = call_ingest_audio(
            audio=upload, filename=filename, metadata=form.metadata(), source=Call.Source.PAGE,
        )
    except DomainError as error:
        return UploadOutcome(filename=filename, code=error.code, message=error.message,
                             details=getattr(error, "details", None))
    if not result.created and not Call.objects.visible_to(user).filter(
        pk=result.call.pk
    ).exists():
        # A call the uploader may not see: neither its id nor its details, only the fact.
        return UploadOutcome(filename=filename, code="duplicate", message=_(
            "Эта запись уже загружена (совпадает внешний идентификатор или сам файл), но "
            "звонок вам недоступен. Если он нужен вам, обратитесь к администратору."
        ))
    return UploadOutcome(filename=filename, call=result.call, created=result.created)


@login_required
@permission_required("calls.add_call", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def call_upload(request: HttpRequest) -> HttpResponse:
    """Several recordings with shared details, through the same service as every way in.

    The page's script posts one file per request here (Accept: application/json) to show each
    file's progress and answer; without the script the form posts them all at once and the page
    lists what became of each.
    """
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = CallBatchUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
    if request.method != "POST":
        return render(request, "calls/call_upload.html", {"form": form})
    if not form.is_valid():
        if wants_json:
            message = next(iter(form.errors.values()))[0]
            return JsonResponse(
                {"error": {"code": "invalid", "message": message, "details": form.errors}},
                status=400,
            )
        # A browser cannot put chosen files back into a file input: say so rather than
        # pretend they are still selected.
        return render(
            request, "calls/call_upload.html",
            {"form": form, "files_not_sent": len(request.FILES.getlist("audio"))}, status=400,
        )
    outcomes = [_upload_one(upload, form=form, user=request.user)
                for upload in form.cleaned_data["audio"]]
    if wants_json:
        outcome = outcomes[0]
        if outcome.call is None:
            status = 409 if outcome.code == "duplicate" else 400
        else:
            status = 201 if outcome.created else 200
        return JsonResponse(outcome.as_json(), status=status)
    return render(request, "calls/call_upload.html", {"form": form, "outcomes": outcomes})


@login_required
@require_safe
def call_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    return recording_response(request, call)
