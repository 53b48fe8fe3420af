"""The call page's correction forms (correct a segment's text, or restore the recognizer's) and
the corrections page: what the recognizer gets wrong, line by line."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.corrections.accuracy import RecognizerErrors, recognizer_errors
from calls.corrections.services import segment_correct, segment_restore
from calls.corrections.vocabulary import MisheardTerm, misheard_terms
from calls.models import Call, Line, Segment
from project.errors import DomainError
from project.russian import plural

TERMS_PER_LINE = 15
CALLS_PER_TERM = 5


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


@dataclass(frozen=True)
class LineCorrections:
    line: Line
    errors: RecognizerErrors
    terms: list[tuple[MisheardTerm, list[Call]]]


@login_required
@permission_required("calls.change_segment", raise_exception=True)
@require_safe
def corrections_overview(request: HttpRequest) -> HttpResponse:
    """Per line: how wrong the recognizer was in the corrected segments, and what it mishears.

    For the people who correct (trainers, admins), who see every call: the counts cover them all.
    """
    lines = Line.objects.filter(
        pk__in=Segment.objects.filter(corrected_at__isnull=False).values("call__line")
    ).order_by("name")
    overview = []
    for line in lines:
        terms = misheard_terms(line=line, limit=TERMS_PER_LINE)
        shown = {pk for term in terms for pk in term.call_ids[:CALLS_PER_TERM]}
        calls = Call.objects.visible_to(request.user).in_bulk(shown)
        overview.append(LineCorrections(
            line=line, errors=recognizer_errors(line=line),
            terms=[(term, [calls[pk] for pk in term.call_ids[:CALLS_PER_TERM] if pk in calls])
                   for term in terms],
        ))
    return render(request, "calls/corrections.html", {"overview": overview})
