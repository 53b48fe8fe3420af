"""Evaluation and calibration pages under /coaching/evaluations/.

Coaching, not surveillance: an operator sees only the submitted evaluations of their own calls, a
manager those of their teams' calls (Call.visible_to), read-only; trainers and admins see and
make evaluations of any call — except, while a calibration session is open, another evaluator's
scores in it (blind scoring). A calibration's results appear once it is closed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.models import Call
from calls.redaction.storage import audio_withheld
from calls.search import call_search
from coaching.evaluations import services
from coaching.evaluations.agreement import session_agreement
from coaching.evaluations.forms import (
    MAX_CALIBRATION_CALLS,
    CalibrationForm,
    CommentForm,
    EvaluationStartForm,
    ScoreForm,
)
from coaching.evaluations.queries import visible_evaluations
from coaching.models import CalibrationSession, CriterionScore, Evaluation
from coaching.models.evaluations import Answer
from coaching.permissions import coaching_permission, request_user
from project.errors import DomainError
from project.roles import Role, has_role

LIST_LIMIT = 200


def may_search_calls(user: User) -> bool:
    """Who uses the search of calls to evaluate: evaluators, and managers (their teams' calls,
    with the evaluations they have; never an operator)."""
    return user.has_perm("coaching.add_evaluation") or has_role(user, Role.MANAGER)


@coaching_permission("view_evaluation")
@require_safe
def evaluation_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    evaluations = visible_evaluations(user).select_related(
        "call", "call__operator", "scorecard", "evaluator", "calibration")
    # «N оценок» of a call (its page, the search) opens this list narrowed to that call.
    call = _visible_call_from(request.GET.get("call"), user)
    if call is not None:
        evaluations = evaluations.filter(call=call)
    return render(request, "coaching/evaluations/list.html", {
        "evaluations": evaluations[:LIST_LIMIT],
        "call": call,
        "can_add": user.has_perm("coaching.add_evaluation"),
        "may_search": may_search_calls(user),
    })


def _visible_call_from(raw: str | None, user: User) -> Call | None:
    """The call a `call` parameter names, if this person may see it (a foreign or malformed one
    is a 404, as the call itself would be)."""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(_("Нет такого звонка."))
    return get_object_or_404(Call.objects.visible_to(user).select_related("operator", "line"),
                             pk=int(raw))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def evaluation_start_view(request: HttpRequest) -> HttpResponse:
    """Start an evaluation: the search of calls (operator, dates, tag) with «Оценить» on each,
    or, with `?call=`, the chosen call and its scorecard (from the call page's button)."""
    user = request_user(request)
    if request.method == "POST" or request.GET.get("call"):
        if not user.has_perm("coaching.add_evaluation"):
            raise PermissionDenied
        return _start_call(request, user)
    if not may_search_calls(user):
        raise PermissionDenied
    return _search(request, user)


def _start_call(request: HttpRequest, user: User) -> HttpResponse:
    if request.method == "POST":
        form = EvaluationStartForm(request.POST, user=user)
        if form.is_valid():
            evaluation = services.evaluation_start(call=form.cleaned_data["call"],
                                                   scorecard=form.cleaned_data["scorecard"],
                                                   evaluator=user)
            return redirect("coaching:evaluation", evaluation.pk)
        if "call" in form.errors:
            messages.error(request, _("Такого звонка нет: найдите звонок здесь."))
            return redirect("coaching:evaluation-start")
        call = form.cleaned_data["call"]
    else:
        call = _visible_call_from(request.GET.get("call"), user)
        form = EvaluationStartForm(initial={"call": call}, user=user)
    assert call is not None
    return render(request, "coaching/evaluations/start.html", {
        "call": call,
        "form": form,
        "has_scorecards": form.fields["scorecard"].queryset.exists(),  # type: ignore[attr-defined]
        # The evaluator's own unfinished work on this call comes first: continue, not restart.
        "drafts": visible_evaluations(user).filter(
            call=call, evaluator=user, status=Evaluation.Status.DRAFT, calibration__isnull=True,
        ).select_related("scorecard"),
        "evaluation_count": visible_evaluations(user).filter(call=call).count(),
    })


def _search(request: HttpRequest, user: User) -> HttpResponse:
    search = call_search(request, user)
    page = search.page
    counts = dict(
        visible_evaluations(user).filter(call__in=[call.pk for call in page.object_list])
        .order_by().values("call_id").annotate(count=Count("id"))
        .values_list("call_id", "count")
    )
    return render(request, "coaching/evaluations/start_search.html", {
        "filter": search.filter,
        "form": search.form,
        "page": page,
        "rows": [{"call": call, "evaluations": counts.get(call.pk, 0)}
                 for call in page.object_list],
        "can_add": user.has_perm("coaching.add_evaluation"),
        "is_filtered": search.is_filtered,
    })


@coaching_permission("view_evaluation")
@require_safe
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    evaluation = get_object_or_404(
        visible_evaluations(user).select_related("call", "call__operator", "scorecard",
                                                 "evaluator"), pk=pk)
    call = evaluation.call
    editable = (evaluation.status == Evaluation.Status.DRAFT and evaluation.evaluator_id == user.pk
                and user.has_perm("coaching.change_evaluation"))
    scores = list(evaluation.scores.select_related("criterion", "criterion__skill",
                                                   "overridden_by"))
    return render(request, "coaching/evaluations/detail.html", {
        "evaluation": evaluation,
        "call": call,
        "segments": call.segments.order_by("start", "index"),
        "audio_withheld": audio_withheld(call),
        "scores": [(score, ScoreForm(initial={"answer": score.answer or None,
                                              "points": score.points}, prefix=f"s{score.pk}"))
                   for score in scores],
        "comments": evaluation.comments.select_related("author", "criterion"),
        "comment_form": CommentForm() if editable else None,
        "editable": editable,
    })


def _own_draft(request: HttpRequest, pk: int) -> Evaluation:
    return get_object_or_404(visible_evaluations(request_user(request)), pk=pk)


@coaching_permission("change_evaluation")
@require_POST
def score_view(request: HttpRequest, pk: int, score_pk: int) -> HttpResponse:
    evaluation = _own_draft(request, pk)
    score = get_object_or_404(CriterionScore, pk=score_pk, evaluation=evaluation)
    form = ScoreForm(request.POST, prefix=f"s{score.pk}")
    if not form.is_valid():
        messages.error(request, _("Проверьте ответ: да, нет, неприменимо или баллы 0–100."))
        return redirect("coaching:evaluation", evaluation.pk)
    try:
        services.score_set(score=score, answer=form.cleaned_data["answer"],
                           points=form.cleaned_data["points"], user=request_user(request),
                           reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("coaching:evaluation", evaluation.pk)


@coaching_permission("change_evaluation")
@require_POST
def comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _own_draft(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Напишите комментарий; момент — неотрицательное число секунд."))
        return redirect("coaching:evaluation", evaluation.pk)
    try:
        services.comment_add(evaluation=evaluation, author=request_user(request),
                             text=form.cleaned_data["text"], at=form.cleaned_data["at"],
                             criterion_id=form.cleaned_data["criterion"])
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("coaching:evaluation", evaluation.pk)


@coaching_permission("change_evaluation")
@require_POST
def submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _own_draft(request, pk)
    try:
        services.evaluation_submit(evaluation=evaluation, user=request_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Оценка отправлена."))
    return redirect("coaching:evaluation", evaluation.pk)


@coaching_permission("view_calibrationsession")
@require_safe
def calibration_list(request: HttpRequest) -> HttpResponse:
    return render(request, "coaching/evaluations/calibration_list.html", {
        "sessions": CalibrationSession.objects.select_related("scorecard").annotate(
            call_count=Count("calls", distinct=True))[:LIST_LIMIT],
    })


@coaching_permission("add_calibrationsession")
@require_http_methods(["GET", "HEAD", "POST"])
def calibration_new(request: HttpRequest) -> HttpResponse:
    """A new blind calibration. Its calls are picked from the search of calls: the trainer ticks
    calls on a page of results and adds them; the selection travels in the address (`selected`),
    so searching again or turning the page keeps it. Then the name, the scorecard and the
    evaluators, and «Создать»."""
    user = request_user(request)
    status = 200
    if request.method == "POST":
        form = CalibrationForm(request.POST, user=user)
        if form.is_valid():
            try:
                session = services.calibration_create(
                    name=form.cleaned_data["name"], scorecard=form.cleaned_data["scorecard"],
                    calls=form.cleaned_data["calls"], evaluators=form.cleaned_data["evaluators"],
                    created_by=user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Калибровка создана: оценщики видят её звонки."))
                return redirect("coaching:calibration", session.pk)
        status = 400
        selected = _selection(request.POST.getlist("calls"), user)
    else:
        selected = _selection(request.GET.getlist("selected"), user)
        if "reset" in request.GET:
            # «Сбросить» clears the search, not the calls already picked.
            return redirect(_with_selection(selected))
        form = CalibrationForm(user=user, selected=[call.pk for call in selected])
    search = call_search(request, user)
    on_page = {call.pk for call in search.page.object_list}
    chosen = {call.pk for call in selected}
    return render(request, "coaching/evaluations/calibration_new.html", {
        "form": form,
        "search": search,
        "page": search.page,
        "selected": selected,
        "chosen": chosen,
        # The picked calls not on this page travel as hidden fields; those on it as its ticks.
        "kept": [call.pk for call in selected if call.pk not in on_page],
        "max_calls": MAX_CALIBRATION_CALLS,
        "over_limit": len(chosen) >= MAX_CALIBRATION_CALLS,
    }, status=status)


def _selection(raw: list[str], user: User) -> list[Call]:
    """The calls named in the address or the form, in their order, each once: only the calls
    this person sees (another's number or junk is dropped) and at most the limit."""
    ids = list(dict.fromkeys(int(value) for value in raw
                             if value.isascii() and value.isdigit() and len(value) <= 18))
    calls = Call.objects.visible_to(user).select_related("operator", "line").in_bulk(ids)
    return [calls[pk] for pk in ids if pk in calls][:MAX_CALIBRATION_CALLS]


def _with_selection(selected: list[Call]) -> str:
    query = QueryDict(mutable=True)
    query.setlist("selected", [str(call.pk) for call in selected])
    address = reverse("coaching:calibration-new")
    return f"{address}?{query.urlencode()}" if selected else address


@coaching_permission("view_calibrationsession")
@require_safe
def calibration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    session = get_object_or_404(CalibrationSession.objects.select_related("scorecard"), pk=pk)
    visible = services.evaluations_visible_in_calibration(session=session, user=user)
    mine = {evaluation.call_id: evaluation for evaluation in visible
            if evaluation.evaluator_id == user.pk}
    closed = session.status == CalibrationSession.Status.CLOSED
    return render(request, "coaching/evaluations/calibration_detail.html", {
        "session": session,
        "calls": [(call, mine.get(call.pk))
                  for call in session.calls.select_related("operator").order_by("pk")],
        "is_evaluator": session.evaluators.filter(pk=user.pk).exists(),
        "can_close": not closed and (session.created_by_id == user.pk
                                     or user.has_perm("coaching.change_calibrationsession")),
        "results": _results(session) if closed else None,
    })


def _results(session: CalibrationSession) -> list[dict[str, Any]]:
    evaluators = list(session.evaluators.order_by("username"))
    calls = {call.pk: call for call in session.calls.all()}
    rows = []
    for agreement in session_agreement(session=session):
        rows.append({
            "agreement": agreement,
            "differing": [
                {"call": calls.get(call_id),
                 "answers": [_answer_label(answers.get(evaluator.pk)) for evaluator in evaluators]}
                for call_id, answers in agreement.differing.items()
            ],
        })
    return [{"evaluators": evaluators, "rows": rows}]


def _answer_label(value: str | None) -> str:
    if value is None:
        return "—"
    return str(Answer(value).label) if value in Answer.values else value


@coaching_permission("add_evaluation")
@require_POST
def calibration_score_view(request: HttpRequest, pk: int, call_pk: int) -> HttpResponse:
    session = get_object_or_404(CalibrationSession, pk=pk,
                                status=CalibrationSession.Status.OPEN)
    user = request_user(request)
    if not session.evaluators.filter(pk=user.pk).exists():
        raise PermissionDenied
    call = get_object_or_404(session.calls.all(), pk=call_pk)
    evaluation = services.evaluation_start(call=call, scorecard=session.scorecard,
                                           evaluator=user, calibration=session)
    return redirect("coaching:evaluation", evaluation.pk)


@coaching_permission("change_calibrationsession")
@require_POST
def calibration_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CalibrationSession, pk=pk)
    services.calibration_close(session=session)
    messages.success(request, _("Калибровка закрыта: результаты открыты всем оценщикам."))
    return redirect("coaching:calibration", session.pk)
