"""The top-problems page and the moments behind a problem's count (managers, trainers, admins;
docs/top-problems.md)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calls.models import Tag, TagEvidence
from calls.taxonomy.problems.access import problems_reader_required
from calls.taxonomy.problems.chart import shares_svg, trend_svg
from calls.taxonomy.problems.forms import MomentsForm, ProblemsFilterForm
from calls.taxonomy.problems.links import calls_url, moments_url
from calls.taxonomy.problems.queries import top_problems
from calls.taxonomy.problems.scope import Scope
from calls.taxonomy.problems.serializers import default_period
from project.roles import Role, has_role

MOMENTS_PER_PAGE = 25


@problems_reader_required
@require_safe
def top_problems_page(request: HttpRequest) -> HttpResponse:
    form = ProblemsFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "taxonomy/problems/top.html", {"form": form}, status=400)
    period = form.period(default_period()) if request.GET else default_period()
    if not request.GET:
        form = ProblemsFilterForm(
            initial={"date_from": period.date_from, "date_to": period.date_to}
        )
    line = form.cleaned_data.get("line") if form.is_bound else None
    scope = Scope(period=period, line=line, user=request.user)
    result = top_problems(scope=scope)
    rows = [
        {
            "problem": problem,
            "calls_url": calls_url(scope, tag=problem.tag),
            "moments_url": moments_url(scope, problem.tag),
            "category_url": calls_url(scope, category=problem.category),
            "previous_url": calls_url(result.previous_scope, tag=problem.tag),
            # «Открыть находку» (calls/departments/findings/, issue 19 §3): the form prefilled
            # with this problem, remembering the page it came from.
            "finding_query": urlencode({
                "tag": problem.tag.code, "source": "top_problem",
                "source_ref": scope.page_query(), "title": problem.tag.name,
            }),
            "previous_share": (
                problem.previous_calls / result.previous_analysed
                if result.previous_analysed
                else None
            ),
        }
        for problem in result.problems
    ]
    return render(
        request,
        "taxonomy/problems/top.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "analysed_url": calls_url(scope),
            "previous_analysed_url": calls_url(result.previous_scope),
            "cooccurrence_query": scope.page_query(),
            "shares_chart": shares_svg(result) if rows else None,
            "trend_chart": trend_svg(result) if rows else None,
            "can_open_findings": has_role(request.user, Role.MANAGER, Role.ADMIN),
        },
    )


@problems_reader_required
@require_safe
def problem_moments(request: HttpRequest) -> HttpResponse:
    """The moments of audio behind a tag's count: each phrase match in the period's calls, with
    its words and time, opening the call at that moment."""
    form = MomentsForm(request.GET)
    if not form.is_valid():
        return render(request, "taxonomy/problems/moments.html", {"form": form}, status=400)
    tag = Tag.objects.select_related("category").filter(code=form.cleaned_data["tag"]).first()
    if tag is None:
        raise Http404
    scope = Scope(
        period=form.period(default_period()), line=form.cleaned_data.get("line"), user=request.user
    )
    moments = (
        TagEvidence.objects.filter(scope.call_condition("call_tag__call__"), call_tag__tag=tag)
        .select_related("call_tag__call__operator", "call_tag__call__line")
        .order_by("-call_tag__call__started_at", "call_tag__call_id", "start")
    )
    page = Paginator(moments, MOMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "taxonomy/problems/moments.html",
        {
            "form": form,
            "tag": tag,
            "scope": scope,
            "page": page,
            "calls_url": calls_url(scope, tag=tag),
            "back_query": scope.page_query(),
        },
    )
