"""Pages for listening to calls: the list, one call with its transcript, retry, the audio."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.audio_streaming import ranged_file_response
from calls.errors import CallNotRetryable
from calls.filters import CallFilter
from calls.models import Call, CallTag
from calls.pipeline import call_retry
from calls.taxonomy.display import call_tags_context
from project.roles import Role, has_role

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
    segments = list(call.segments.order_by("index", "start"))
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "segments": segments,
            **call_tags_context(call, segments=segments),
            "status_changes": call.status_changes.order_by("at", "id"),
            "in_progress": call.status in IN_PROGRESS,
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


@login_required
@require_safe
def call_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    if not call.audio:
        raise Http404(_("У звонка нет записи."))
    storage, name = call.audio.storage, str(call.audio.name)
    try:
        size = storage.size(name)
        file = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл записи не найден.")) from error
    return ranged_file_response(request, file=file, size=size, filename=name)
