"""Tag pairs that come together — A MINIMAL STAND-IN written by the review helper.

The co-occurrence helper writes the real module with this exact interface; the lead replaces
this file with theirs at merge. This version counts the calls of every pair of tags (any source)
started in the period, tests each pair with Fisher's exact test and adjusts with Bonferroni, so
that the monthly review (calls/taxonomy/review/) and its tests run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from calls.local_days import started_on_days
from calls.models import Call, CallTag, Line, Tag, TagCategory
from project.stats.contingency import fisher_exact_p


@dataclass(frozen=True)
class TagPair:
    tag_a: Tag
    tag_b: Tag
    both: int
    count_a: int
    count_b: int
    calls: int
    p_b_given_a: float
    p_a_given_b: float
    lift: float
    p_value: float
    p_adjusted: float


@dataclass(frozen=True)
class Cooccurrence:
    pairs: list[TagPair]


def cooccurrence(
    *,
    date_from: date,
    date_to: date,
    line: Line | None = None,
    category: TagCategory | None = None,
) -> Cooccurrence:
    calls = Call.objects.filter(started_on_days(date_from, date_to), status=Call.Status.ANALYSED)
    if line is not None:
        calls = calls.filter(line=line)
    total = calls.count()
    rows = CallTag.objects.filter(call__in=calls)
    if category is not None:
        rows = rows.filter(tag__category=category)
    tags_of: dict[int, set[int]] = defaultdict(set)
    for call_id, tag_id in rows.values_list("call_id", "tag_id").distinct():
        tags_of[call_id].add(tag_id)
    counts: dict[int, int] = defaultdict(int)
    both: dict[tuple[int, int], int] = defaultdict(int)
    for tag_ids in tags_of.values():
        for tag_id in tag_ids:
            counts[tag_id] += 1
        for a, b in combinations(sorted(tag_ids), 2):
            both[(a, b)] += 1
    tags = Tag.objects.in_bulk(list(counts))
    tested = len(counts) * (len(counts) - 1) // 2
    pairs = []
    for (a, b), n in both.items():
        count_a, count_b = counts[a], counts[b]
        p = fisher_exact_p(a=n, b=count_a - n, c=count_b - n, d=total - count_a - count_b + n)
        pairs.append(
            TagPair(
                tag_a=tags[a],
                tag_b=tags[b],
                both=n,
                count_a=count_a,
                count_b=count_b,
                calls=total,
                p_b_given_a=n / count_a,
                p_a_given_b=n / count_b,
                lift=n * total / (count_a * count_b),
                p_value=p,
                p_adjusted=min(1.0, p * tested),
            )
        )
    return Cooccurrence(pairs=sorted(pairs, key=lambda pair: (-pair.lift, -pair.both)))


def strong_pairs(
    *, date_from: date, date_to: date, min_conditional: float = 0.8, alpha: float = 0.05
) -> list[TagPair]:
    return [
        pair
        for pair in cooccurrence(date_from=date_from, date_to=date_to).pairs
        if max(pair.p_b_given_a, pair.p_a_given_b) >= min_conditional and pair.p_adjusted < alpha
    ]
