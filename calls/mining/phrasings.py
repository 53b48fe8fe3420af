"""Recurring phrasings: the lemma n-grams said in several calls, ranked and clustered.

`recurring_phrasings` reads (call, start, text) rows of segments — whichever calls, speaker and
segments the caller chose — and returns the n-grams said in at least `min_calls` calls, best
first by a Measure; `cluster_grams` merges n-grams that share most of their lemmas into one
candidate («доставка долгий» and «долгий доставка ждать»). Every gram keeps, per call, the first
moment it was said (the evidence behind its count) and a few quoted examples.

Which measure ranks best was measured on UD Russian-Taiga (tests/benchmarks/bench_mining.py);
the figures and the choice are in docs/taxonomy-review.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet
from nltk.collocations import (
    BigramAssocMeasures,
    BigramCollocationFinder,
    TrigramAssocMeasures,
    TrigramCollocationFinder,
)

from calls.mining.words import Lemmas, content_words, jaccard, ngrams
from calls.models import Call, Segment

EXAMPLES_MAX = 10
# Two n-grams are one cluster when their lemma sets overlap this much (Jaccard).
CLUSTER_JACCARD = 0.5

Moments = dict[int, float | None]
# A segment as mining reads it: (call id, start in seconds, text).
SegmentRow = tuple[int, float, str]


class Measure(StrEnum):
    """How n-grams are ranked: by the calls they were said in, or by how much more often their
    words come together than apart (nltk's association measures over the n-gram counts)."""

    CALLS = "calls"
    PMI = "pmi"
    LIKELIHOOD_RATIO = "likelihood_ratio"


# Chosen on the measurement in docs/taxonomy-review.md: among n-grams said often enough, the
# likelihood ratio puts real phrasings above chance neighbours better than raw counts, and
# unlike PMI it does not favour the rarest pairs.
DEFAULT_MEASURE = Measure.LIKELIHOOD_RATIO


def evidence_list(moments: Moments) -> list[list[float | int | None]]:
    """Call → moment as JSON: [[call, t], ...] in call order."""
    return [[call_id, moments[call_id]] for call_id in sorted(moments)]


@dataclass
class Gram:
    """One lemma n-gram across the calls mined: where it was said and how."""

    lemmas: Lemmas
    calls: set[int] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, object]] = field(default_factory=list)
    # The first moment of each call: the evidence behind the count.
    moments: Moments = field(default_factory=dict)
    # The rank key under the Measure used (the call count for Measure.CALLS).
    score: float = 0.0

    def add(self, *, call_id: int, surface: str, t: float, text: str) -> None:
        if call_id not in self.calls:
            if len(self.examples) < EXAMPLES_MAX:
                self.examples.append({"call": call_id, "t": round(t, 1), "text": text[:300]})
            self.moments[call_id] = round(t, 1)
        self.calls.add(call_id)
        self.surfaces[surface] += 1

    @property
    def surface(self) -> str:
        return self.surfaces.most_common(1)[0][0]


@dataclass
class Cluster:
    seed: Gram
    grams: list[Gram] = field(default_factory=list)
    calls: set[int] = field(default_factory=set)

    def moments(self) -> Moments:
        """The first moment of each call of the cluster, the seed's first."""
        moments: Moments = {}
        for gram in self.grams:
            for call_id, t in gram.moments.items():
                moments.setdefault(call_id, t)
        return moments

    def examples(self) -> list[dict[str, object]]:
        """One quoted example per call, the seed's first, at most EXAMPLES_MAX."""
        by_call: dict[object, dict[str, object]] = {}
        for gram in self.grams:
            for example in gram.examples:
                by_call.setdefault(example["call"], example)
        return list(by_call.values())[:EXAMPLES_MAX]


def cluster_grams(grams: Iterable[Gram]) -> list[Cluster]:
    """Greedy clustering, best first (score, then calls): an n-gram joins the first cluster
    whose seed shares CLUSTER_JACCARD of its lemmas («дорого доставка» and «доставка дорого
    стоить»), or seeds a new one."""
    clusters: list[Cluster] = []
    ranked = sorted(grams, key=lambda g: (-g.score, -len(g.calls), -len(g.lemmas), g.lemmas))
    for gram in ranked:
        home = next(
            (c for c in clusters if jaccard(c.seed.lemmas, gram.lemmas) >= CLUSTER_JACCARD), None
        )
        if home is None:
            home = Cluster(seed=gram)
            clusters.append(home)
        home.grams.append(gram)
        home.calls |= gram.calls
    return clusters


def segment_rows(
    calls: QuerySet[Call], *, speaker: str, exclude_segments: QuerySet[Segment] | None = None
) -> Iterable[SegmentRow]:
    """(call, start, text) of the segments of `calls` said by `speaker`, in one streamed query."""
    segments = Segment.objects.filter(call__in=calls, speaker=speaker)
    if exclude_segments is not None:
        segments = segments.exclude(pk__in=exclude_segments.values("pk"))
    return segments.order_by("call_id", "start").values_list("call_id", "start", "text").iterator()


def _scorer(measure: Measure, documents: list[list[str]]) -> Callable[[Lemmas], float]:
    """Score of an n-gram under an association measure, from the counts over `documents` (one
    per segment, so that no n-gram runs from one segment into the next)."""
    bigrams = BigramCollocationFinder.from_documents(documents)
    trigrams = TrigramCollocationFinder.from_documents(documents)
    if measure == Measure.PMI:
        two, three = BigramAssocMeasures.pmi, TrigramAssocMeasures.pmi
    else:
        two, three = BigramAssocMeasures.likelihood_ratio, TrigramAssocMeasures.likelihood_ratio

    def score(lemmas: Lemmas) -> float:
        if len(lemmas) == 2:
            return float(bigrams.score_ngram(two, *lemmas) or 0.0)
        return float(trigrams.score_ngram(three, *lemmas) or 0.0)

    return score


def recurring_phrasings(
    rows: Iterable[SegmentRow],
    *,
    min_calls: int,
    measure: Measure = DEFAULT_MEASURE,
    known: Callable[[Lemmas], bool] | None = None,
) -> list[Gram]:
    """The n-grams said in at least `min_calls` calls, best first under `measure`; n-grams for
    which `known` is true (already a phrase somewhere) are left out."""
    grams: dict[Lemmas, Gram] = {}
    documents: list[list[str]] = []
    for call_id, start, text in rows:
        words = content_words(text)
        documents.append([lemma for lemma, _surface in words])
        for lemmas, surface in ngrams(words):
            grams.setdefault(lemmas, Gram(lemmas)).add(
                call_id=call_id, surface=surface, t=start, text=text
            )
    recurring = [
        g
        for g in grams.values()
        if len(g.calls) >= min_calls and (known is None or not known(g.lemmas))
    ]
    if measure == Measure.CALLS:
        for gram in recurring:
            gram.score = float(len(gram.calls))
    elif recurring:
        score = _scorer(measure, documents)
        for gram in recurring:
            gram.score = round(score(gram.lemmas), 4)
    return sorted(recurring, key=lambda g: (-g.score, -len(g.calls), g.lemmas))


class Customers:
    """Who the customer of each call was (Call.customer_key); a call with no key counts as a
    customer of its own, since nothing says it is someone already counted. A phrasing one
    customer repeated in three calls is not a pattern of the center."""

    def __init__(self, calls: QuerySet[Call], *, minimum: int = 2) -> None:
        self.keys = dict(calls.values_list("pk", "customer_key"))
        self.minimum = minimum

    def count(self, call_ids: Iterable[int]) -> int:
        return len({self.keys.get(call_id) or f"call-{call_id}" for call_id in call_ids})

    def enough(self, call_ids: Iterable[int]) -> bool:
        return self.count(call_ids) >= self.minimum


# Two clusters are one when most of the smaller one's calls are the other's too (overlap
# coefficient): different words for the same calls are one topic («курьер не приехал» and «жду
# весь день»).
CALLS_OVERLAP = 0.8


def merge_by_calls(clusters: list[Cluster], *, overlap: float = CALLS_OVERLAP) -> list[Cluster]:
    """Clusters merged, best first, when their calls overlap by `overlap` of the smaller set."""
    merged: list[Cluster] = []
    for cluster in clusters:
        home = next(
            (
                m
                for m in merged
                if len(m.calls & cluster.calls) >= overlap * min(len(m.calls), len(cluster.calls))
            ),
            None,
        )
        if home is None:
            merged.append(
                Cluster(seed=cluster.seed, grams=list(cluster.grams), calls=set(cluster.calls))
            )
        else:
            home.grams.extend(cluster.grams)
            home.calls |= cluster.calls
    return merged
