"""The weekly listen-list page (/calls/voice/hot/?week=2026-W49)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from calls.voice.emotion.listen import (
    LISTEN_LIST_SIZE,
    may_see_listen_list,
    week_listen_list,
)
from calls.weeks import Week


@login_required
@require_safe
def listen_list(request: HttpRequest) -> HttpResponse:
    if not may_see_listen_list(request.user):
        raise PermissionDenied
    error = ""
    week = Week.of(timezone.localdate())
    if request.GET.get("week"):
        try:
            week = Week.parse(request.GET["week"])
        except ValueError:
            error = "Неделя указана неверно: нужен вид 2026-W49. Показана текущая неделя."
    return render(
        request,
        "voice/emotion/listen_list.html",
        {
            "week": week,
            "items": week_listen_list(user=request.user, week=week),
            "size": LISTEN_LIST_SIZE,
            "error": error,
        },
    )
