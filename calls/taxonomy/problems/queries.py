"""Top problems of a period: the most frequent tags of problem categories, each with its share
of calls, its category's share, its share within the category and its trend against the
previous period of the same length (docs/top-problems.md).

The counts come from the period's calls grouped by their set of tags, aggregated in the
database (calls/taxonomy/problems/tag_sets.py), plus the analysed calls of both periods and the
top tags' calls in the previous one: four aggregate queries whatever the number of calls
(tests/benchmarks/bench_taxonomy_scale.py measures them on 100,000 calls).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from calls.models import CallTag, Tag, TagCategory
from calls.taxonomy.problems.scope import Scope
from calls.taxonomy.problems.tag_sets import tag_sets
from project.stats.proportions import ShareChange, share_change

# A page a manager reads at a glance: the issue asks for the 5–7 most frequent problems.
TOP_PROBLEMS_LIMIT = 7
# The trend is "more than noise" below this p-value (two-sided; 5–7 tests a page, each read
# on its own, so no correction for the few).
TREND_ALPHA = 0.05


@dataclass(frozen=True)
class TopProblem:
    tag: Tag
    calls: int
    share: float
    category_calls: int
    category_share: float
    # Of the calls with any tag of the category, the share that have this tag.
    share_in_category: float
    previous_calls: int
    change: ShareChange | None

    @property
    def category(self) -> TagCategory:
        return self.tag.category

    @property
    def trend(self) -> str:
        """ "up", "down", "same" (within noise) or "unknown" (no previous calls)."""
        if self.change is None:
            return "unknown"
        if self.change.p_value >= TREND_ALPHA:
            return "same"
        return "up" if self.change.difference > 0 else "down"

    @property
    def verdict(self) -> str:
        """The trend in plain Russian, for a manager."""
        return {
            "unknown": _("сравнить не с чем: в прошлом периоде нет проанализированных звонков"),
            "same": _("без заметных изменений: разница в пределах случайных колебаний"),
            "up": _("стало чаще — это больше, чем случайные колебания"),
            "down": _("стало реже — это больше, чем случайные колебания"),
        }[self.trend]


@dataclass(frozen=True)
class TopProblems:
    scope: Scope
    previous_scope: Scope
    analysed: int
    previous_analysed: int
    problems: list[TopProblem]


def _previous_counts(scope: Scope, tag_ids: list[int]) -> dict[int, int]:
    # The previous period needs only the top tags: a lighter query than the tag sets.
    rows = CallTag.objects.filter(call_id__in=scope.call_ids(), tag_id__in=tag_ids)
    return dict(
        rows.values("tag_id")
        .annotate(calls=Count("call_id", distinct=True))
        .order_by()
        .values_list("tag_id", "calls")
    )


def top_problems(*, scope: Scope, limit: int = TOP_PROBLEMS_LIMIT) -> TopProblems:
    previous_scope = scope.with_period(scope.period.previous())
    analysed = scope.calls().count()
    previous_analysed = previous_scope.calls().count()
    sets = tag_sets(scope)
    problem_tags = {
        str(pk): category_id
        for pk, category_id in Tag.objects.filter(category__is_problem=True).values_list(
            "pk", "category_id"
        )
    }
    by_tag: Counter[str] = Counter()
    category_counts: Counter[int] = Counter()
    problem_keys = problem_tags.keys()
    for tags, calls in sets.items():
        problems_here = tags & problem_keys
        if not problems_here:
            continue
        if calls == 1:
            # Most sets are one call's: Counter.update counts them in C.
            by_tag.update(problems_here)
            # A call counts once for its category however many of its tags it has.
            category_counts.update({problem_tags[key] for key in problems_here})
            continue
        for key in problems_here:
            by_tag[key] += calls
        for category_id in {problem_tags[key] for key in problems_here}:
            category_counts[category_id] += calls
    counts = {int(key): calls for key, calls in by_tag.items()}
    # Ties broken by the tag's id: the same page for the same data.
    top_ids = sorted(counts, key=lambda tag_id: (-counts[tag_id], tag_id))[:limit]
    tags_by_id = Tag.objects.select_related("category").in_bulk(top_ids)
    previous = _previous_counts(previous_scope, top_ids) if top_ids and previous_analysed else {}
    problems = []
    for tag_id in top_ids:
        tag = tags_by_id[tag_id]
        calls, in_category = counts[tag_id], category_counts.get(tag.category_id, 0)
        problems.append(
            TopProblem(
                tag=tag,
                calls=calls,
                share=calls / analysed if analysed else 0.0,
                category_calls=in_category,
                category_share=in_category / analysed if analysed else 0.0,
                share_in_category=calls / in_category if in_category else 0.0,
                previous_calls=previous.get(tag_id, 0),
                change=share_change(
                    before=previous.get(tag_id, 0),
                    before_trials=previous_analysed,
                    after=calls,
                    after_trials=analysed,
                ),
            )
        )
    return TopProblems(
        scope=scope,
        previous_scope=previous_scope,
        analysed=analysed,
        previous_analysed=previous_analysed,
        problems=problems,
    )
