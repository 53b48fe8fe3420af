"""The call page's correction forms: correct a segment's text, or restore the recognizer's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.corrections.services import segment_correct, segment_restore
from calls.models import Call, Segment
from project.errors import DomainError
from project.russian import plural


def _segment_for_correction(request: HttpRequest, pk: int, index: int) -> Segment:
    # The same rule as the API: the permission, then the call (404 for a call one may not see).
    if not request.user.has_perm("calls.change_segment"):
        raise PermissionDenied
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    return get_object_or_404(Segment, call=call, index=index)


def _back_to(segment: Segment) -> HttpResponse:
    return redirect(reverse("calls:detail", args=[segment.call_id]) + f"#segment-{segment.index}")


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


@login_required
@require_POST
def segment_correct_view(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    segment = _segment_for_correction(request, pk, index)
    try:
        result = segment_correct(segment=segment, text=request.POST.get("text", ""),
                                 user=_signed_in(request))
    except DomainError as error:
        messages.error(request, error.message)
        return _back_to(segment)
    if not result.changed:
        messages.info(request, _("Текст реплики не изменился."))
    elif not result.segment.is_corrected:
        messages.success(request, _("Возвращён текст распознавания; звонок анализируется заново."))
    else:
        messages.success(request, _("Реплика исправлена; звонок анализируется заново."))
    if result.redacted:
        messages.warning(request, _(
            "В исправлении есть персональные данные: скрыто %(pieces)s, как в расшифровке."
        ) % {"pieces": plural(result.redacted, "фрагмент,фрагмента,фрагментов")})
    return _back_to(segment)


@login_required
@require_POST
def segment_restore_view(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    segment = _segment_for_correction(request, pk, index)
    try:
        restored = segment_restore(segment=segment, user=_signed_in(request))
    except DomainError as error:
        messages.error(request, error.message)
        return _back_to(segment)
    if restored:
        messages.success(request, _("Возвращён текст распознавания; звонок анализируется заново."))
    else:
        messages.info(request, _("Реплику никто не исправлял."))
    return _back_to(segment)
