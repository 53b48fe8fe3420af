"""Cycle pages under /coaching/cycles/: the list (due, running, closed), a cycle's timeline, the
calls behind its numbers, and the start / record result / cancel actions.

Coaching, not surveillance: an operator reads only their own cycles (a colleague's is a 404, as a
missing one); a manager sees and acts on their teams' cycles; trainers and admins on all
(coaching/cycles/queries.py visible_cycles).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.models import Call
from coaching.competency.links import calls_url
from coaching.competency.queries import Period
from coaching.cycles.forms import (
    CycleCallsForm,
    CycleFilterForm,
    CycleResultForm,
    CycleStartForm,
)
from coaching.cycles.measure import (
    Sample,
    Source,
    measure,
    window_after,
    window_before,
)
from coaching.cycles.queries import (
    closed_cycles,
    due_cycles,
    filter_cycles,
    running_cycles,
    visible_cycles,
)
from coaching.cycles.results import cycle_record_result, cycle_result_undo, may_undo_result
from coaching.cycles.services import cycle_cancel, cycle_start
from coaching.cycles.significance import (
    ALPHA,
    MIN_CALLS,
    TEST_NAME,
    Comparison,
    compare,
    cycle_comparison,
)
from coaching.models import CoachingCycle, SkillResult
from coaching.permissions import coaching_permission, request_user
from coaching.teams import teams_for
from project.errors import DomainError
from project.roles import Role, has_role

Stage = CoachingCycle.Stage
LIST_LIMIT = 200
CALLS_PER_PAGE = 50


def _own_only(user: User) -> bool:
    """An operator without a manager's or trainer's role: the page is «Мои циклы»."""
    return not has_role(user, Role.MANAGER, Role.TRAINER, Role.ADMIN)


def calls_link(cycle: CoachingCycle, side: str, result: str = "") -> str:
    url = reverse("coaching:cycle-calls", args=[cycle.pk]) + f"?side={side}"
    return url + (f"&result={result}" if result else "")


@dataclass(frozen=True)
class CycleRow:
    cycle: CoachingCycle
    comparison: Comparison | None
    overdue_days: int | None

    @property
    def links(self) -> dict[str, str]:
        return {"before": calls_link(self.cycle, "before"),
                "before_shown": calls_link(self.cycle, "before", "shown"),
                "after": calls_link(self.cycle, "after"),
                "after_shown": calls_link(self.cycle, "after", "shown")}

    @property
    def days_left(self) -> int | None:
        if self.overdue_days is None or self.overdue_days >= 0:
            return None
        return -self.overdue_days


def _row(cycle: CoachingCycle, today: date) -> CycleRow:
    overdue = None
    if cycle.stage == Stage.CONTROL and cycle.control_due is not None:
        overdue = (today - cycle.control_due).days
    return CycleRow(cycle=cycle, comparison=cycle_comparison(cycle), overdue_days=overdue)


@coaching_permission("view_coachingcycle")
@require_safe
def cycle_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    teams = teams_for(user)
    filters = CycleFilterForm(request.GET or None, teams=teams, user=user)
    cycles = visible_cycles(user)
    status = 200
    if filters.is_bound:
        if filters.is_valid():
            cycles = filter_cycles(cycles, **filters.cleaned_data)
        else:
            status, cycles = 400, cycles.none()
    can_start = user.has_perm("coaching.add_coachingcycle") and not _own_only(user)
    return render(request, "coaching/cycles/list.html", {
        "own_only": _own_only(user),
        "filters": filters,
        "show_team_filter": teams.exists(),
        "due": [_row(c, today) for c in due_cycles(cycles, today=today)[:LIST_LIMIT]],
        "running": [_row(c, today) for c in running_cycles(cycles, today=today)[:LIST_LIMIT]],
        "closed": [_row(c, today) for c in closed_cycles(cycles)[:LIST_LIMIT]],
        "start_form": CycleStartForm(user=user) if can_start else None,
    }, status=status)


@coaching_permission("add_coachingcycle")
@require_POST
def cycle_start_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = CycleStartForm(request.POST, user=user)
    if form.is_valid():
        try:
            cycle = cycle_start(operator=form.cleaned_data["operator"],
                                skill=form.cleaned_data["skill"],
                                baseline_from=form.cleaned_data["baseline_from"],
                                baseline_to=form.cleaned_data["baseline_to"], created_by=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Цикл начат: идёт исходное прослушивание."))
            return redirect("coaching:cycle", cycle.pk)
    else:
        errors = [str(e) for field in form for e in field.errors]
        errors += [str(e) for e in form.non_field_errors()]
        messages.error(request, _("Цикл не начат: %(errors)s") % {"errors": " ".join(errors)})
    return redirect("coaching:cycles")


def _after_on(cycle: CoachingCycle, today: date) -> date:
    """The control date a window is measured to: the control re-listen's for a recorded cycle
    (the recording day for one recorded before that date was kept)."""
    if cycle.stage == Stage.DONE:
        if cycle.controlled_on is not None:
            return cycle.controlled_on
        if cycle.closed_at is not None:
            return timezone.localdate(cycle.closed_at)
    return today


def _so_far(cycle: CoachingCycle, on: date) -> tuple[Sample, Sample]:
    """The baseline and, after the training, the calls up to `on`: what a result recorded then
    would compare."""
    before_from, before_to = window_before(cycle)
    after_window = window_after(cycle, on=on)
    before = measure(operator=cycle.operator, skill=cycle.skill, date_from=before_from,
                     date_to=before_to)
    after = (measure(operator=cycle.operator, skill=cycle.skill, date_from=after_window[0],
                     date_to=after_window[1]) if after_window else Sample(outcomes=()))
    return before, after


def _empty_baseline(comparison: Comparison | None) -> bool:
    """No applicable call in the baseline: there is nothing to compare the control with, and the
    page says so instead of showing «0/0» as if it were data."""
    return comparison is not None and comparison.before_calls == 0


@coaching_permission("view_coachingcycle")
@require_safe
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cycle = get_object_or_404(visible_cycles(user), pk=pk)
    today = timezone.localdate()
    before_from, before_to = window_before(cycle)
    after_window = window_after(cycle, on=_after_on(cycle, today))
    comparison = cycle_comparison(cycle)
    preview: Comparison | None = None
    if comparison is None and cycle.stage != Stage.CANCELLED:
        # So far, without a verdict.
        before, after = _so_far(cycle, _after_on(cycle, today))
        preview = compare(before_shown=before.shown, before_calls=before.calls,
                          after_shown=after.shown, after_calls=after.calls)
    baseline = Period(date_from=before_from, date_to=before_to)
    can_change = user.has_perm("coaching.change_coachingcycle") and not _own_only(user)
    return render(request, "coaching/cycles/detail.html", {
        "cycle": cycle,
        "row": _row(cycle, today),
        "comparison": comparison,
        "preview": preview,
        "after_window": after_window,
        "baseline_links": {
            "shown": calls_url(cycle.operator, cycle.skill, SkillResult.Status.SHOWN, baseline),
            "not_shown": calls_url(cycle.operator, cycle.skill, SkillResult.Status.NOT_SHOWN,
                                   baseline),
        } if cycle.skill.active else None,
        "test_name": TEST_NAME, "alpha": ALPHA, "min_calls": MIN_CALLS,
        "can_record": can_change and cycle.stage == Stage.CONTROL,
        "can_undo": can_change and may_undo_result(cycle, user),
        "empty_baseline": _empty_baseline(comparison or preview),
        "can_cancel": can_change and cycle.stage not in (Stage.DONE, Stage.CANCELLED),
        "open": cycle.stage not in (Stage.DONE, Stage.CANCELLED),
    })


@coaching_permission("view_coachingcycle")
@require_safe
def cycle_calls(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cycle = get_object_or_404(visible_cycles(user), pk=pk)
    form = CycleCallsForm(request.GET)
    context: dict[str, Any] = {"cycle": cycle, "form": form}
    if not form.is_valid():
        return render(request, "coaching/cycles/calls.html", context, status=400)
    side = form.cleaned_data["side"]
    window = (window_before(cycle) if side == "before"
              else window_after(cycle, on=_after_on(cycle, timezone.localdate())))
    if window is None:
        form.add_error("side", _("Обучение ещё не проведено: звонков «после» пока нет."))
        return render(request, "coaching/cycles/calls.html", context, status=400)
    sample = measure(operator=cycle.operator, skill=cycle.skill, date_from=window[0],
                     date_to=window[1])
    wanted = form.cleaned_data["result"]
    outcomes = {o.call_id: o for o in sample.outcomes
                if not wanted or o.shown == (wanted == "shown")}
    calls = (Call.objects.visible_to(user).filter(pk__in=outcomes)
             .select_related("line").order_by("-started_at", "-pk"))
    page = Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    moments = dict(SkillResult.objects.filter(
        call__in=[c.pk for c in page.object_list], skill=cycle.skill, start__isnull=False,
        status=SkillResult.Status.SHOWN).values_list("call_id", "start"))
    context.update(
        window=window, side=side, page=page, total=len(outcomes),
        rows=[{"call": call, "outcome": outcomes[call.pk], "start": moments.get(call.pk),
               "by_evaluation": outcomes[call.pk].source == Source.EVALUATION}
              for call in page.object_list],
    )
    return render(request, "coaching/cycles/calls.html", context)


def _changeable(request: HttpRequest, pk: int) -> CoachingCycle:
    user = request_user(request)
    if _own_only(user):
        raise PermissionDenied
    # A manager reaches only their teams' cycles: another team's is a 404.
    return get_object_or_404(visible_cycles(user), pk=pk)


@coaching_permission("change_coachingcycle")
@require_http_methods(["GET", "HEAD", "POST"])
def cycle_result_view(request: HttpRequest, pk: int) -> HttpResponse:
    """«Записать результат» in two steps: this page shows what will be recorded and asks for the
    control re-listen's date; its POST records."""
    cycle = _changeable(request, pk)
    if cycle.stage != Stage.CONTROL:
        messages.error(request, _("Записать результат можно только на этапе контрольного "
                                  "прослушивания."))
        return redirect("coaching:cycle", cycle.pk)
    today = timezone.localdate()
    form = CycleResultForm(request.POST if request.method == "POST" else None, cycle=cycle,
                           initial={"controlled_on": today})
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                cycle = cycle_record_result(cycle=cycle, recorded_by=request_user(request),
                                            on=form.cleaned_data["controlled_on"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Результат записан: %(verdict)s. Если он записан "
                                            "по ошибке, его можно отменить.")
                                 % {"verdict": cycle.get_verdict_display()})
                return redirect("coaching:cycle", cycle.pk)
        status = 400
    on = (form.cleaned_data.get("controlled_on") if form.is_bound else None) or today
    before, after = _so_far(cycle, on)
    window = window_after(cycle, on=on)
    return render(request, "coaching/cycles/result_confirm.html", {
        "cycle": cycle, "form": form, "row": _row(cycle, today),
        "preview": compare(before_shown=before.shown, before_calls=before.calls,
                           after_shown=after.shown, after_calls=after.calls),
        "after_window": window, "min_calls": MIN_CALLS,
        "empty_baseline": before.calls == 0,
    }, status=status)


@coaching_permission("change_coachingcycle")
@require_POST
def cycle_result_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _changeable(request, pk)
    try:
        cycle = cycle_result_undo(cycle=cycle, user=request_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Результат отменён: цикл снова ждёт контрольного "
                                    "прослушивания."))
    return redirect("coaching:cycle", cycle.pk)


@coaching_permission("change_coachingcycle")
@require_POST
def cycle_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _changeable(request, pk)
    reason = request.POST.get("reason", "").strip()[:1000]
    try:
        cycle_cancel(cycle=cycle, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Цикл отменён."))
    return redirect("coaching:cycle", cycle.pk)
