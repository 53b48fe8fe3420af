"""The analysed calls of a scope grouped by the set of tags they carry: {tag ids: calls}.

Top problems and co-occurrence both read this one aggregate. Each call's distinct tag ids
(whatever put them there: phrases, a person, the model — a call counts once per tag) are joined
into one string per call, and the calls are counted per string, all in the database; what comes
back is one row per distinct combination of tags (tens of thousands at most), not one per call
tag (300,000). From it every count the pages show is exact: the calls with a tag, with any tag
of a category, with two tags together.

Why not one aggregate query per number: a COUNT(DISTINCT call) per tag, per category and per
tag pair each walks all the period's call tags again (the pair one, a self-join, three times
as many rows), which took 1.7 s on 100,000 calls on SQLite; grouped once, the same numbers take
a third of it (tests/benchmarks/bench_taxonomy_scale.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import connection
from django.db.models import Aggregate, CharField

from calls.models import CallTag
from calls.taxonomy.problems.scope import Scope

# The ids stay the strings the database wrote: 100,000 calls come back as tens of thousands of
# sets, and converting each id of each set to int cost more than the query; a caller converts
# the few ids it reports (str(tag.pk) to look one up).
TagSets = Counter[frozenset[str]]


class TagIds(Aggregate):
    """The tag ids of a group, comma-separated: GROUP_CONCAT on SQLite, STRING_AGG on
    PostgreSQL. Neither DISTINCT nor ORDER BY: a call tagged by the phrases and by hand
    («5,5,7») and another order of the same tags («7,5») are the same set once parsed, and
    sorting each call's few tags in the database cost PostgreSQL 0.4 s on 100,000 calls."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def tag_sets(scope: Scope) -> TagSets:
    """{frozenset of tag ids (as strings): number of the scope's calls carrying exactly those
    tags}; calls without any tag are not in it."""
    per_call = (
        CallTag.objects.filter(call_id__in=scope.call_ids())
        .values("call_id")
        .annotate(tags=TagIds("tag_id"))
        .order_by()
        .values("tags")
    )
    sql, params = per_call.query.sql_with_params()
    with connection.cursor() as cursor:
        # The second level of grouping, over the first query's rows: the ORM cannot group by an
        # aggregate, and bringing 100,000 per-call rows to Python to count them costs more.
        cursor.execute(f"SELECT tags, COUNT(*) FROM ({sql}) per_call GROUP BY tags", params)
        rows = cursor.fetchall()
    sets: TagSets = Counter()
    for tags, calls in rows:
        # The same set may come back in several spellings (see TagIds): counted together.
        sets[frozenset(tags.split(","))] += calls
    return sets
