"""Top problems of a period: the most frequent tags of problem categories, each with its share
of calls, its category's share, its share within the category and its trend against the
previous period of the same length (docs/top-problems.md).

Everything is counted in the database (values/annotate over CallTag joined to its call, served
by the call's started_at index and CallTag's (tag, call) index): six small aggregate queries
whatever the number of calls; 100,000 calls answer within a second
(tests/benchmarks/bench_taxonomy_scale.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from calls.models import CallTag, Tag, TagCategory, TagEvidence
from calls.taxonomy.problems.scope import Scope
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
    # Moments of audio (phrase evidence) behind the tag in the period's calls.
    moments: int
    change: ShareChange | None

    @property
    def category(self) -> TagCategory:
        return self.tag.category

    @property
    def trend(self) -> str:
        """"up", "down", "same" (within noise) or "unknown" (no previous calls)."""
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
    # Calls with at least one problem tag, and how many distinct problem tags occurred.
    problem_calls: int
    problems: list[TopProblem]


def _tag_counts(scope: Scope, *, tag_ids: list[int] | None = None) -> dict[int, int]:
    rows = CallTag.objects.filter(scope.call_condition("call__"), tag__category__is_problem=True)
    if tag_ids is not None:
        rows = rows.filter(tag_id__in=tag_ids)
    return dict(rows.values("tag_id").annotate(calls=Count("call_id", distinct=True))
                .order_by().values_list("tag_id", "calls"))


def _category_counts(scope: Scope, category_ids: set[int]) -> dict[int, int]:
    rows = CallTag.objects.filter(scope.call_condition("call__"),
                                  tag__category_id__in=category_ids)
    return dict(rows.values("tag__category_id")
                .annotate(calls=Count("call_id", distinct=True))
                .order_by().values_list("tag__category_id", "calls"))


def _moment_counts(scope: Scope, tag_ids: list[int]) -> dict[int, int]:
    rows = TagEvidence.objects.filter(scope.call_condition("call_tag__call__"),
                                      call_tag__tag_id__in=tag_ids)
    return dict(rows.values("call_tag__tag_id").annotate(moments=Count("id"))
                .order_by().values_list("call_tag__tag_id", "moments"))


def top_problems(*, scope: Scope, limit: int = TOP_PROBLEMS_LIMIT) -> TopProblems:
    previous_scope = scope.with_period(scope.period.previous())
    analysed = scope.calls().count()
    previous_analysed = previous_scope.calls().count()
    counts = _tag_counts(scope)
    # Ties broken by the tag's id: the same page for the same data.
    top_ids = sorted(counts, key=lambda tag_id: (-counts[tag_id], tag_id))[:limit]
    tags = Tag.objects.select_related("category").in_bulk(top_ids)
    category_counts = _category_counts(scope, {tag.category_id for tag in tags.values()})
    previous = _tag_counts(previous_scope, tag_ids=top_ids) if top_ids else {}
    moments = _moment_counts(scope, top_ids) if top_ids else {}
    problem_calls = (CallTag.objects.filter(scope.call_condition("call__"),
                                            tag__category__is_problem=True)
                     .values("call_id").distinct().count()) if counts else 0
    problems = []
    for tag_id in top_ids:
        tag = tags[tag_id]
        calls, in_category = counts[tag_id], category_counts.get(tag.category_id, 0)
        problems.append(TopProblem(
            tag=tag, calls=calls, share=calls / analysed if analysed else 0.0,
            category_calls=in_category,
            category_share=in_category / analysed if analysed else 0.0,
            share_in_category=calls / in_category if in_category else 0.0,
            previous_calls=previous.get(tag_id, 0), moments=moments.get(tag_id, 0),
            change=share_change(before=previous.get(tag_id, 0), before_trials=previous_analysed,
                                after=calls, after_trials=analysed),
        ))
    return TopProblems(scope=scope, previous_scope=previous_scope, analysed=analysed,
                       previous_analysed=previous_analysed, problem_calls=problem_calls,
                       problems=problems)
