"""Which tags come together in the same calls, and whether more often than chance
(docs/cooccurrence.md).

For each pair of tags A, B over the analysed calls of a period (and a line; with a category,
the pairs with at least one tag of it):
- both: calls with A and B; count_a, count_b: calls with A, with B; calls: all calls counted;
- P(B|A) = both / count_a, P(A|B) = both / count_b;
- lift = P(A and B) / (P(A) · P(B)) = both · calls / (count_a · count_b): 1 is chance, 2 is
  twice as often together as chance would put them;
- Fisher's exact test, one-sided (together more often than chance: the question is «one
  broken process, not two problems?», not whether two tags avoid each other), on the 2×2 table
  [[both, A only], [B only, neither]];
- the p-value adjusted by Benjamini–Hochberg over every pair of the tags that occurred (a pair
  never seen together has p = 1 and still counts in the family): the strong pairs are
  candidates a person judges, where controlling the false discovery rate keeps the real ones
  that a family-wise correction (Holm) over hundreds of pairs would hide
  (project/stats/multiple.py).

Every count comes from the period's calls grouped by their set of tags, aggregated in the
database (calls/taxonomy/problems/tag_sets.py): the pairs of each distinct set, weighted by its
calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from calls.models import Line, Tag, TagCategory
from calls.taxonomy.problems.scope import Period, Scope
from calls.taxonomy.problems.tag_sets import TagSets, tag_sets
from project.roles import AnyUser
from project.stats.contingency import fisher_greater_p
from project.stats.multiple import benjamini_hochberg


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

    @property
    def strongest(self) -> tuple[Tag, Tag, float]:
        """(given, also, P(also|given)) in the direction with the higher conditional share:
        «in 80% of the calls with <given> there is <also> as well»."""
        if self.p_b_given_a >= self.p_a_given_b:
            return self.tag_a, self.tag_b, self.p_b_given_a
        return self.tag_b, self.tag_a, self.p_a_given_b


@dataclass(frozen=True)
class Cooccurrence:
    scope: Scope
    category: TagCategory | None
    calls: int
    # Calls per tag that occurred in the period (every tag, not only the category's).
    tag_calls: dict[Tag, int]
    # Pairs seen together at least once, by the number of calls they share.
    pairs: list[TagPair]
    # The size of the corrected family: every pair of the tags that occurred.
    tested: int


def _counts(
    sets: TagSets, in_category: set[str] | None
) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Calls per tag, and calls with both tags per pair (lower id first); with a category, only
    the pairs with at least one of its tags. One pass over the tag sets."""
    by_tag: Counter[str] = Counter()
    by_pair: Counter[tuple[str, str]] = Counter()
    for tags, calls in sets.items():
        pairs_here: Iterable[tuple[str, str]] = combinations(tags, 2)
        if in_category is not None:
            pairs_here = (
                pair for pair in pairs_here if pair[0] in in_category or pair[1] in in_category
            )
        if calls == 1:
            # Most sets are one call's: Counter.update counts them in C.
            by_tag.update(tags)
            by_pair.update(pairs_here)
            continue
        for tag_id in tags:
            by_tag[tag_id] += calls
        for pair in pairs_here:
            by_pair[pair] += calls
    pairs: dict[tuple[int, int], int] = {}
    for (first, second), calls in by_pair.items():
        a, b = sorted((int(first), int(second)))
        # combinations() of a frozenset follows its iteration order, which differs from set to
        # set: the same pair may have been counted under both orders.
        pairs[(a, b)] = pairs.get((a, b), 0) + calls
    return {int(tag_id): calls for tag_id, calls in by_tag.items()}, pairs


def cooccurrence_in_scope(*, scope: Scope, category: TagCategory | None = None) -> Cooccurrence:
    calls = scope.calls().count()
    sets = tag_sets(scope)
    category_tags = (
        None
        if category is None
        else {str(pk) for pk in Tag.objects.filter(category=category).values_list("pk", flat=True)}
    )
    counts, found = _counts(sets, category_tags)
    tags = Tag.objects.select_related("category").in_bulk(list(counts))
    inside = (
        len(counts)
        if category is None
        else sum(1 for tag in tags.values() if tag.category_id == category.pk)
    )
    tested = inside * (inside - 1) // 2 + inside * (len(counts) - inside)
    p_values = [
        fisher_greater_p(
            a=both, b=counts[a] - both, c=counts[b] - both, d=calls - counts[a] - counts[b] + both
        )
        for (a, b), both in found.items()
    ]
    # The pairs never seen together are in the family too, each with p = 1.
    adjusted = benjamini_hochberg(p_values + [1.0] * max(0, tested - len(p_values)))
    pairs = [
        TagPair(
            tag_a=tags[a],
            tag_b=tags[b],
            both=both,
            count_a=counts[a],
            count_b=counts[b],
            calls=calls,
            p_b_given_a=both / counts[a],
            p_a_given_b=both / counts[b],
            lift=both * calls / (counts[a] * counts[b]),
            p_value=p_value,
            p_adjusted=p_adjusted,
        )
        for ((a, b), both), p_value, p_adjusted in zip(
            found.items(), p_values, adjusted, strict=False
        )
    ]
    pairs.sort(key=lambda pair: (-pair.both, pair.p_value, pair.tag_a.pk, pair.tag_b.pk))
    return Cooccurrence(
        scope=scope,
        category=category,
        calls=calls,
        tag_calls={tags[tag_id]: n for tag_id, n in counts.items()},
        pairs=pairs,
        tested=tested,
    )


def cooccurrence(
    *,
    date_from: date,
    date_to: date,
    line: Line | None = None,
    category: TagCategory | None = None,
    user: AnyUser | None = None,
) -> Cooccurrence:
    """Every pair of tags seen together in the analysed calls of date_from..date_to (and the
    line; with a category, the pairs with at least one of its tags). With a user, only the
    calls that person may see."""
    scope = Scope(period=Period(date_from=date_from, date_to=date_to), line=line, user=user)
    return cooccurrence_in_scope(scope=scope, category=category)


def strong_pairs_in(
    result: Cooccurrence, *, min_conditional: float = 0.8, alpha: float = 0.05
) -> list[TagPair]:
    """The pairs that are more than chance after the correction and where one tag comes with
    the other in at least min_conditional of its calls: maybe one broken process, not two
    problems. The strongest first."""
    strong = [
        pair
        for pair in result.pairs
        if pair.p_adjusted <= alpha and max(pair.p_b_given_a, pair.p_a_given_b) >= min_conditional
    ]
    return sorted(strong, key=lambda pair: (-pair.strongest[2], -pair.both, pair.p_adjusted))


def strong_pairs(
    *,
    date_from: date,
    date_to: date,
    min_conditional: float = 0.8,
    alpha: float = 0.05,
    line: Line | None = None,
    category: TagCategory | None = None,
    user: AnyUser | None = None,
) -> list[TagPair]:
    return strong_pairs_in(
        cooccurrence(date_from=date_from, date_to=date_to, line=line, category=category, user=user),
        min_conditional=min_conditional,
        alpha=alpha,
    )
