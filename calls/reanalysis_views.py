"""The re-analysis button and its progress, one view pair for every editor that has them (the
tag editor, the library editor): each editor's URLconf routes its own addresses here with its
ReanalysisTarget, which says what is re-analysed, who may, and what the page says.

The progress card polls the status view with calls/static/calls/reanalysis.js.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.views.decorators.http import require_POST, require_safe

from calls.models import ReanalysisRun
from calls.reanalysis import reanalysis_start
from project.errors import DomainError

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class ReanalysisTarget:
    """One editor's re-analysis: its analyser ("" for all), who may start and watch it, the
    message once started, the page to go back to (a URL name), its latest run, and whether the
    archive is stale (given that run)."""

    analyser: str
    allowed: Callable[[Any], bool]
    started: str | Promise
    back: str
    latest_run: Callable[[], ReanalysisRun | None]
    needs_reanalysis: Callable[[ReanalysisRun | None], bool]


def run_state(run: ReanalysisRun | None) -> dict[str, Any] | None:
    """A run as the progress card's script reads it (the status view, the page's first state)."""
    if run is None:
        return None
    return {
        "id": run.pk, "status": run.status, "status_label": run.get_status_display(),
        "total": run.total, "done": run.done, "percent": run.percent,
        "active": run.is_active, "error": run.error,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }


def _target_allowed(view: View) -> View:
    """Signed-in users the target allows; others get 403 (checked before the method, as the
    editors' own decorators do)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *, target: ReanalysisTarget) -> HttpResponse:
        if not target.allowed(request.user):
            raise PermissionDenied
        return view(request, target=target)

    return wrapped


@_target_allowed
@require_POST
def reanalysis_start_view(request: HttpRequest, *, target: ReanalysisTarget) -> HttpResponse:
    try:
        reanalysis_start(analyser=target.analyser, user=request.user)  # type: ignore[arg-type]
    except DomainError as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, str(target.started))
    return redirect(target.back)


@_target_allowed
@require_safe
def reanalysis_status_view(request: HttpRequest, *, target: ReanalysisTarget) -> JsonResponse:
    run = target.latest_run()
    return JsonResponse({"run": run_state(run), "needs_reanalysis": target.needs_reanalysis(run)})
