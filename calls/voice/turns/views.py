"""The archive page of turning phrasings (/calls/voice/turns/?date_from=&date_to=)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from calls.voice.emotion.listen import may_see_listen_list
from calls.voice.turns.archive import MIN_POINTS, turns_archive
from calls.voice.turns.detect import CALM, IRRITATED, STAY

DEFAULT_DAYS = 30


def _date(value: str | None, default: date) -> tuple[date, bool]:
    if not value:
        return default, True
    try:
        return date.fromisoformat(value), True
    except ValueError:
        return default, False


@login_required
@require_safe
def turns_page(request: HttpRequest) -> HttpResponse:
    # The same people as the listen-list: managers (their teams' calls), trainers, admins.
    if not may_see_listen_list(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    date_to, ok_to = _date(request.GET.get("date_to"), today)
    date_from, ok_from = _date(request.GET.get("date_from"), date_to - timedelta(days=DEFAULT_DAYS))
    error = "" if ok_to and ok_from else "Дата указана неверно: нужен вид 2026-12-01."
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    return render(
        request,
        "voice/turns/turns.html",
        {
            "archive": turns_archive(user=request.user, date_from=date_from, date_to=date_to),
            "date_from": date_from,
            "date_to": date_to,
            "error": error,
            "min_points": MIN_POINTS,
            "calm": CALM,
            "irritated": IRRITATED,
            "stay": STAY,
        },
    )
