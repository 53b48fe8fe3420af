"""The co-occurrence page: the heatmap and the strong pairs in plain Russian (managers, trainers,
admins; docs/cooccurrence.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calls.taxonomy.cooccurrence.chart import heatmap_svg
from calls.taxonomy.cooccurrence.queries import TagPair, cooccurrence_in_scope, strong_pairs_in
from calls.taxonomy.cooccurrence.sentences import pair_sentence
from calls.taxonomy.problems.access import problems_reader_required
from calls.taxonomy.problems.forms import CooccurrenceFilterForm
from calls.taxonomy.problems.links import calls_url
from calls.taxonomy.problems.scope import Scope
from calls.taxonomy.problems.serializers import default_period

# The table under the heatmap: the pairs sharing the most calls.
TABLE_PAIRS = 30


@problems_reader_required
@require_safe
def cooccurrence_page(request: HttpRequest) -> HttpResponse:
    form = CooccurrenceFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "taxonomy/cooccurrence/page.html", {"form": form}, status=400)
    period = form.period(default_period()) if request.GET else default_period()
    if not request.GET:
        form = CooccurrenceFilterForm(
            initial={"date_from": period.date_from, "date_to": period.date_to}
        )
    cleaned = form.cleaned_data if form.is_bound else {}
    scope = Scope(period=period, line=cleaned.get("line"), user=request.user)
    category = cleaned.get("category")
    result = cooccurrence_in_scope(scope=scope, category=category)
    strong = strong_pairs_in(result)

    def row(pair: TagPair) -> dict[str, Any]:
        given, also, _share = pair.strongest
        return {
            "pair": pair,
            "sentence": pair_sentence(pair),
            "calls_url": calls_url(scope, tag=pair.tag_a, also=pair.tag_b),
            "given_url": calls_url(scope, tag=given),
            "given": given,
            "also": also,
            "a_url": calls_url(scope, tag=pair.tag_a),
            "b_url": calls_url(scope, tag=pair.tag_b),
        }

    return render(
        request,
        "taxonomy/cooccurrence/page.html",
        {
            "form": form,
            "result": result,
            "strong": [row(pair) for pair in strong],
            "pairs": [row(pair) for pair in result.pairs[:TABLE_PAIRS]],
            "heatmap": heatmap_svg(result, strong) if result.pairs else None,
            "analysed_url": calls_url(scope),
            "problems_query": scope.page_query(),
        },
    )
