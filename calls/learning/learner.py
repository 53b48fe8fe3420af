"""The few-shot learner: what carries over from a handful of labelled calls, combined in one
calibrated logistic regression.

A segment is the unit mean of its lemmas' word vectors. The positive examples are the moments
of each positive call that say the label (its two segments standing out most from the negative
calls: people label calls, not moments); the negative examples are every segment of the
negative calls. For a call and a label key, over the call's segments:

* ``hit``           — the caller's rules (a tag's phrases) already found the label;
* ``seed``          — the best cosine to the label's seed texts (name, description and its
  clauses, phrases, accepted key-phrase suggestions): what is known before any example;
* ``seed_contrast`` — the best (seed − negative) cosine margin of one segment;
* ``contrast``      — the best (positive moment − negative) margin of one segment: a greeting
  is in every call, positive or not, and cancels out; the moment that says the label stands out;
* ``best_contrast`` — the same with the seeds counted as positive moments (the reasons);
* ``lemma_sum``, ``lemma_max`` — sparse lemma evidence: the lemma log-odds (informative
  Dirichlet prior, Monroe et al. 2008) of positive against negative calls.

The regression over these seven numbers is fitted on every (call, key) pair of all keys at once,
so that a key with two examples borrows the mapping from similarity to probability that the
others taught; the features are relative (cosines, margins, log-odds) and mean the same for
every key. A call's own segments and lemmas never count as its own examples while fitting
(leave-one-out), so the regression learns how similarity behaves on unseen calls.

Measured on the tag-learning dev set (tests/benchmarks/bench_tag_learning.py): every choice here
and what was tried and dropped is in docs/tag-learning.md.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from calls.learning.documents import Document, SegmentDoc
from calls.learning.vectors import DIMENSIONS, matrix

FEATURES = ("hit", "seed", "seed_contrast", "contrast", "best_contrast", "lemma_sum", "lemma_max")
MODEL_VERSION = 1
# The informative prior's total weight (Monroe et al.: α0 pseudo-counts spread as the corpus).
PRIOR_WEIGHT = 10.0
LEMMA_WEIGHTS_KEPT = 300
REASONS_KEPT = 3
DEFAULT_THRESHOLD = 0.5
SIMILARITY_BLOCK = 1000
MOMENTS_PER_CALL = 2
CLAUSE_RE = re.compile(r"[,.;:!?()«»—]+|\s(?:или|и|а|но)\s")


@dataclass(frozen=True)
class HumanLabel:
    """A person said whether `key` applies to the call. `weight` says how much the source
    counts (annotations 1.0; see the caller)."""

    call_id: int
    key: str
    value: bool
    weight: float = 1.0


@dataclass(frozen=True)
class Reason:
    text: str
    segment: int | None
    start: float | None
    end: float | None
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "segment": self.segment,
            "start": self.start,
            "end": self.end,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Proposal:
    key: str
    probability: float
    reasons: tuple[Reason, ...]


@dataclass
class LabelModel:
    """One key's fitted model; `as_json()` is plain JSON (lemmas and numbers, no code)."""

    key: str
    seeds: list[list[str]]
    positives: list[list[str]]
    negatives: list[list[str]]
    lemma_weights: dict[str, float]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = DEFAULT_THRESHOLD
    n_positive: int = 0
    n_negative: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "key": self.key,
            "features": list(FEATURES),
            "seeds": self.seeds,
            "positives": self.positives,
            "negatives": self.negatives,
            "lemma_weights": self.lemma_weights,
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "n_positive": self.n_positive,
            "n_negative": self.n_negative,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LabelModel:
        if data.get("version") != MODEL_VERSION or list(data.get("features", ())) != list(FEATURES):
            raise ValueError("A learned model of another version: train it again.")
        return cls(
            key=str(data["key"]),
            seeds=[list(map(str, s)) for s in data["seeds"]],
            positives=[list(map(str, s)) for s in data["positives"]],
            negatives=[list(map(str, s)) for s in data["negatives"]],
            lemma_weights={str(k): float(v) for k, v in data["lemma_weights"].items()},
            mean=[float(v) for v in data["mean"]],
            scale=[float(v) for v in data["scale"]],
            coef=[float(v) for v in data["coef"]],
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            n_positive=int(data["n_positive"]),
            n_negative=int(data["n_negative"]),
        )


@dataclass(frozen=True)
class Scores:
    """Cross-validated quality of one key: out-of-fold proposals against the people's labels."""

    key: str
    true_positive: int
    false_positive: int
    false_negative: int
    n_positive: int
    n_negative: int

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        return self.true_positive / self.n_positive if self.n_positive else None


# --- lemma log-odds ------------------------------------------------------------------------------


@dataclass
class LemmaCounts:
    """Document frequencies of lemmas in the positive and the negative calls of a key."""

    positive: Counter[str] = field(default_factory=Counter)
    negative: Counter[str] = field(default_factory=Counter)
    n_positive: int = 0
    n_negative: int = 0


def log_odds(
    *, y_pos: float, n_pos: float, y_neg: float, n_neg: float, prior: float, prior_total: float
) -> tuple[float, float]:
    """Monroe, Colaresi & Quinn (2008), «Fightin' words», eq. 16 and 18–20: the log-odds ratio
    of a word between two groups with an informative Dirichlet prior, and the ratio divided by
    its standard deviation (z). Counts here are calls containing the word (document
    frequency)."""
    a = max(prior, 1e-9)
    delta = math.log((y_pos + a) / max(n_pos + prior_total - y_pos - a, 1e-9)) - math.log(
        (y_neg + a) / max(n_neg + prior_total - y_neg - a, 1e-9)
    )
    return delta, delta / math.sqrt(1.0 / (y_pos + a) + 1.0 / (y_neg + a))


def log_odds_z(**counts: float) -> float:
    return log_odds(**counts)[1]


def lemma_z_scores(
    counts: LemmaCounts, background: Counter[str], background_docs: int, lemmas: Iterable[str]
) -> dict[str, float]:
    out = {}
    for lemma in lemmas:
        share = (background.get(lemma, 0) + 0.5) / (background_docs + 1.0)
        out[lemma] = log_odds_z(
            y_pos=counts.positive.get(lemma, 0),
            n_pos=counts.n_positive,
            y_neg=counts.negative.get(lemma, 0),
            n_neg=counts.n_negative,
            prior=PRIOR_WEIGHT * share,
            prior_total=PRIOR_WEIGHT,
        )
    return out


def lemma_features(lemmas: Collection[str], weights: Mapping[str, float]) -> tuple[float, float]:
    found = [weights[lemma] for lemma in lemmas if weights.get(lemma, 0.0) > 0.0]
    return (float(sum(found)), float(max(found))) if found else (0.0, 0.0)


# --- fitting -------------------------------------------------------------------------------------


def resolve_labels(labels: Iterable[HumanLabel]) -> dict[tuple[int, str], HumanLabel]:
    """One label per (call, key): the heaviest source wins, the later one on equal weight."""
    chosen: dict[tuple[int, str], HumanLabel] = {}
    for label in labels:
        pair = (label.call_id, label.key)
        if pair not in chosen or label.weight >= chosen[pair].weight:
            chosen[pair] = label
    return chosen


@dataclass
class _Corpus:
    """The labelled calls' segments as one matrix, segments grouped by call."""

    call_ids: list[int]
    column: dict[int, int]  # call id → column of `best`
    rows_of: dict[int, np.ndarray]  # call id → its rows in `vectors`
    segments: list[SegmentDoc]
    vectors: np.ndarray
    best: np.ndarray  # segment × call: best cosine to any segment of that call (own call: -inf)


def _corpus(documents: Sequence[Document]) -> _Corpus:
    segments: list[SegmentDoc] = []
    owners: list[int] = []
    for document in documents:
        for segment in document.segments:
            segments.append(segment)
            owners.append(document.call_id)
    vectors, kept = matrix([segment.lemmas for segment in segments])
    segments = [segments[i] for i in kept]
    owners = [owners[i] for i in kept]
    call_ids = list(dict.fromkeys(owners))
    column = {call_id: i for i, call_id in enumerate(call_ids)}
    rows_of: dict[int, list[int]] = defaultdict(list)
    for row, owner in enumerate(owners):
        rows_of[owner].append(row)
    best = np.full((len(segments), len(call_ids)), -1.0, dtype=np.float32)
    if segments:
        starts = [rows_of[call_id][0] for call_id in call_ids]
        # In blocks of rows: the full segment × segment matrix of a thousand annotated calls
        # would take gigabytes; a block takes ~50 MB and the result is segment × call.
        for first in range(0, len(segments), SIMILARITY_BLOCK):
            similarity = vectors[first : first + SIMILARITY_BLOCK] @ vectors.T
            best[first : first + SIMILARITY_BLOCK] = np.maximum.reduceat(similarity, starts, axis=1)
        for call_id, rows in rows_of.items():
            best[rows, column[call_id]] = -np.inf
    return _Corpus(
        call_ids, column, {k: np.array(v) for k, v in rows_of.items()}, segments, vectors, best
    )


def _seed_matrix(seeds: Sequence[Sequence[str]]) -> np.ndarray:
    return matrix(seeds)[0]


def seed_lemma_lists(texts: Iterable[str]) -> list[list[str]]:
    """Each seed text, and each clause of a longer one: a description names several ways of
    one problem («курьер опоздал, не приехал»), and one averaged vector of all of them is
    close to none."""
    from calls.learning.documents import content_lemmas

    found: dict[tuple[str, ...], None] = {}
    for text in texts:
        pieces = [text, *CLAUSE_RE.split(text)]
        for piece in pieces:
            lemmas = content_lemmas(piece)
            if lemmas:
                found.setdefault(lemmas, None)
    return [list(lemmas) for lemmas in found]


def similarity_features(
    seed_rows: np.ndarray, pos_rows: np.ndarray, neg_rows: np.ndarray
) -> tuple[list[float], np.ndarray]:
    """The similarity features of one call from its segments' best cosines to the seeds, the
    positive and the negative examples; and each segment's margin (what makes it a reason).

    A segment as close to a negative example as to a positive one (a greeting, «до свидания»)
    says nothing: every feature but `seed` is a margin over the negatives."""
    seed_rows = np.maximum(seed_rows, 0.0)
    pos_rows = np.maximum(pos_rows, 0.0)
    neg_rows = np.maximum(neg_rows, 0.0)
    margin = np.maximum(seed_rows, pos_rows) - neg_rows
    values = [
        float(seed_rows.max()),
        float((seed_rows - neg_rows).max()),
        float((pos_rows - neg_rows).max()),
        float(margin.max()),
    ]
    return values, margin


def _row_max(values: np.ndarray, rows: int) -> np.ndarray:
    return values.max(axis=1) if values.shape[1] else np.zeros(rows, dtype=np.float32)


def fit_label_models(
    *,
    documents: Mapping[int, Document],
    labels: Iterable[HumanLabel],
    seeds: Mapping[str, Sequence[str]],
    hits: Collection[tuple[int, str]] = (),
    threshold: float | None = None,
) -> dict[str, LabelModel]:
    """A model for every key that has at least one positive and one negative labelled call.

    `documents`: call id → document, for the labelled calls; `seeds`: key → texts known before
    any example (lemmatized here); `hits`: (call id, key) the caller's rules already found.
    `threshold` None: the probability that gives the best F1 on the training calls' own
    leave-one-out features (few parameters, so this is close to what unseen calls get).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    chosen = resolve_labels(labels)
    by_key: dict[str, dict[int, HumanLabel]] = defaultdict(dict)
    for (call_id, key), label in chosen.items():
        if call_id in documents:
            by_key[key][call_id] = label
    labelled_calls = sorted({call_id for labelled in by_key.values() for call_id in labelled})
    corpus = _corpus([documents[call_id] for call_id in labelled_calls])
    lemma_sets = {call_id: documents[call_id].lemma_set() for call_id in labelled_calls}
    background: Counter[str] = Counter()
    for lemma_set in lemma_sets.values():
        background.update(lemma_set)

    rows: list[list[float]] = []
    targets: list[int] = []
    weights: list[float] = []
    partial: dict[str, LabelModel] = {}
    for key, labelled in sorted(by_key.items()):
        positive = [c for c, label in labelled.items() if label.value]
        negative = [c for c, label in labelled.items() if not label.value]
        if not positive or not negative:
            continue
        seed_lemmas = seed_lemma_lists(seeds.get(key, ()))
        seed_vectors = _seed_matrix(seed_lemmas)
        seed_sim = (corpus.vectors @ seed_vectors.T) if len(corpus.segments) else None
        counts = LemmaCounts(n_positive=len(positive), n_negative=len(negative))
        for call_id in positive:
            counts.positive.update(lemma_sets[call_id])
        for call_id in negative:
            counts.negative.update(lemma_sets[call_id])
        pos_columns = np.array(
            [corpus.column[c] for c in positive if c in corpus.column], dtype=int
        )
        neg_columns = np.array(
            [corpus.column[c] for c in negative if c in corpus.column], dtype=int
        )
        moments = _moments(corpus, positive, pos_columns, neg_columns, seed_sim)
        moment_rows = np.array([row for row, _owner in moments], dtype=int)
        moment_owner = np.array([owner for _row, owner in moments])
        moment_sim = corpus.vectors @ corpus.vectors[moment_rows].T if len(moments) else None
        for call_id, label in labelled.items():
            own = lemma_sets[call_id]
            # Leave the call out of its own lemma counts, as of its own examples.
            loo = LemmaCounts(
                positive=counts.positive - (Counter(own) if label.value else Counter()),
                negative=counts.negative - (Counter() if label.value else Counter(own)),
                n_positive=counts.n_positive - (1 if label.value else 0),
                n_negative=counts.n_negative - (0 if label.value else 1),
            )
            z = lemma_z_scores(loo, background, len(lemma_sets), own)
            lemma_sum, lemma_max = lemma_features(own, z)
            seg_rows = corpus.rows_of.get(call_id)
            if seg_rows is None or not len(seg_rows):
                values = [0.0, 0.0, 0.0, 0.0]
            else:
                if moment_sim is not None:
                    others = moment_owner != call_id
                    pos_rows = _row_max(moment_sim[np.ix_(seg_rows, others)], len(seg_rows))
                else:
                    pos_rows = np.zeros(len(seg_rows))
                neg_rows = _row_max(corpus.best[np.ix_(seg_rows, neg_columns)], len(seg_rows))
                seed_rows = (
                    seed_sim[seg_rows].max(axis=1)
                    if seed_sim is not None and seed_sim.shape[1]
                    else np.zeros(len(seg_rows))
                )
                values, _margin = similarity_features(seed_rows, pos_rows, neg_rows)
            rows.append([1.0 if (call_id, key) in hits else 0.0, *values, lemma_sum, lemma_max])
            targets.append(1 if label.value else 0)
            weights.append(label.weight)
        z_all = lemma_z_scores(counts, background, len(lemma_sets), counts.positive.keys())
        kept = sorted(((w, lemma) for lemma, w in z_all.items() if w > 0), reverse=True)
        partial[key] = LabelModel(
            key=key,
            seeds=seed_lemmas,
            positives=[list(corpus.segments[row].lemmas) for row, _owner in moments],
            negatives=_segment_lemmas(documents[c] for c in negative),
            lemma_weights={lemma: round(w, 4) for w, lemma in kept[:LEMMA_WEIGHTS_KEPT]},
            mean=[],
            scale=[],
            coef=[],
            intercept=0.0,
            n_positive=len(positive),
            n_negative=len(negative),
        )
    if not partial or len(set(targets)) < 2:
        return {}
    features = np.array(rows, dtype=np.float64)
    scaler = StandardScaler().fit(features, sample_weight=weights)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    regression = LogisticRegression(C=1.0, max_iter=1000)
    scaled = (features - scaler.mean_) / scale
    regression.fit(scaled, targets, sample_weight=weights)
    if threshold is None:
        threshold = best_threshold(regression.predict_proba(scaled)[:, 1], targets, weights)
    for model in partial.values():
        model.threshold = threshold
        model.mean = [float(v) for v in scaler.mean_]
        model.scale = [float(v) for v in scale]
        model.coef = [float(v) for v in regression.coef_[0]]
        model.intercept = float(regression.intercept_[0])
    return partial


def _moments(
    corpus: _Corpus,
    positive: Sequence[int],
    pos_columns: np.ndarray,
    neg_columns: np.ndarray,
    seed_sim: np.ndarray | None,
) -> list[tuple[int, int]]:
    """(row, call) of the moments that say the label in each positive call: its segments with
    the largest margin of (seeds or the other positive calls) over the negative calls.

    People label calls, not moments. A positive call also holds a greeting, small talk and
    maybe another label's words; as examples those would make every call that shares them
    look positive. MOMENTS_PER_CALL = 0 keeps every segment."""
    found: list[tuple[int, int]] = []
    for call_id in positive:
        seg_rows = corpus.rows_of.get(call_id)
        if seg_rows is None or not len(seg_rows):
            continue
        if MOMENTS_PER_CALL == 0:
            found += [(int(row), call_id) for row in seg_rows]
            continue
        pos_rows = _row_max(corpus.best[np.ix_(seg_rows, pos_columns)], len(seg_rows))
        neg_rows = _row_max(corpus.best[np.ix_(seg_rows, neg_columns)], len(seg_rows))
        seed_rows = (
            seed_sim[seg_rows].max(axis=1)
            if seed_sim is not None and seed_sim.shape[1]
            else np.zeros(len(seg_rows))
        )
        _values, margin = similarity_features(seed_rows, pos_rows, neg_rows)
        order = np.argsort(-margin)[:MOMENTS_PER_CALL]
        found += [(int(seg_rows[i]), call_id) for i in order]
    return found


THRESHOLDS = tuple(round(0.15 + 0.05 * i, 2) for i in range(12))  # 0.15 … 0.70


def best_threshold(
    probabilities: np.ndarray, targets: Sequence[int], weights: Sequence[float]
) -> float:
    best, chosen = -1.0, DEFAULT_THRESHOLD
    truth = np.array(targets) == 1
    weight = np.array(weights, dtype=np.float64)
    for candidate in THRESHOLDS:
        found = probabilities >= candidate
        tp = float(weight[found & truth].sum())
        fp = float(weight[found & ~truth].sum())
        fn = float(weight[~found & truth].sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best:
            best, chosen = f1, candidate
    return chosen


def _segment_lemmas(documents: Iterable[Document]) -> list[list[str]]:
    unique = dict.fromkeys(
        segment.lemmas for document in documents for segment in document.segments
    )
    return [list(lemmas) for lemmas in unique]


# --- proposing -----------------------------------------------------------------------------------


class Proposer:
    """Fitted models ready to score calls: every model's example segments in one matrix, built
    once (the analyser keeps one per process until a model changes)."""

    def __init__(self, models: Sequence[LabelModel]) -> None:
        self.models = list(models)
        texts: dict[tuple[str, ...], int] = {}
        self._index: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for model in self.models:
            parts = []
            for lemma_lists in (model.seeds, model.positives, model.negatives):
                parts.append(
                    [texts.setdefault(tuple(lemmas), len(texts)) for lemmas in lemma_lists]
                )
            self._index.append(tuple(np.array(p, dtype=np.int64) for p in parts))  # type: ignore[arg-type]
        vectors, kept = matrix(list(texts))
        # Position of each text's row in `vectors` (-1: no known word).
        position = np.full(len(texts), -1, dtype=np.int64)
        position[kept] = np.arange(len(kept))
        self._vectors = vectors
        self._index = [
            tuple(position[p][position[p] >= 0] for p in parts)  # type: ignore[misc]
            for parts in self._index
        ]

    def propose(self, document: Document, hits: Collection[str] = ()) -> list[Proposal]:
        """A proposal (with its probability) for every model; the caller keeps those at or
        above each model's threshold (`accepted`)."""
        segment_vectors, kept = matrix([segment.lemmas for segment in document.segments])
        segments = [document.segments[i] for i in kept]
        similarity = segment_vectors @ self._vectors.T if len(segments) else None
        lemmas = document.lemma_set()
        proposals = []
        for model, (seed_idx, pos_idx, neg_idx) in zip(self.models, self._index, strict=True):
            reasons: list[Reason] = []
            if similarity is None:
                values = [0.0, 0.0, 0.0, 0.0]
            else:
                count = len(segments)
                values, margin = similarity_features(
                    _row_max(similarity[:, seed_idx], count),
                    _row_max(similarity[:, pos_idx], count),
                    _row_max(similarity[:, neg_idx], count),
                )
                for row in np.argsort(-margin)[:REASONS_KEPT]:
                    if margin[row] <= 0:
                        break
                    segment = segments[int(row)]
                    reasons.append(
                        Reason(
                            segment.text,
                            segment.index,
                            round(segment.start, 3),
                            round(segment.end, 3),
                            round(float(margin[row]), 3),
                        )
                    )
            lemma_sum, lemma_max = lemma_features(lemmas, model.lemma_weights)
            features = np.array([1.0 if model.key in hits else 0.0, *values, lemma_sum, lemma_max])
            score = float(np.dot((features - model.mean) / model.scale, model.coef))
            score += model.intercept
            probability = 1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0)))
            proposals.append(Proposal(model.key, probability, tuple(reasons)))
        return proposals

    def accepted(self, document: Document, hits: Collection[str] = ()) -> list[Proposal]:
        thresholds = {model.key: model.threshold for model in self.models}
        return [p for p in self.propose(document, hits) if p.probability >= thresholds[p.key]]


# --- cross-validation ----------------------------------------------------------------------------


def cross_validate(
    *,
    documents: Mapping[int, Document],
    labels: Iterable[HumanLabel],
    seeds: Mapping[str, Sequence[str]],
    hits: Collection[tuple[int, str]] = (),
    folds: int = 5,
    random_seed: int = 17,
    threshold: float | None = None,
) -> dict[str, Scores]:
    """Per key: precision and recall of out-of-fold proposals (k-fold over the labelled calls,
    every fold fitted on the others alone, seeds included) against the people's labels."""
    chosen = resolve_labels(labels)
    calls = sorted({call_id for call_id, _ in chosen if call_id in documents})
    random.Random(random_seed).shuffle(calls)
    folds = max(2, min(folds, len(calls)))
    hit_set = set(hits)
    hits_of: dict[int, set[str]] = defaultdict(set)
    for hit_call, hit_key in hit_set:
        hits_of[hit_call].add(hit_key)
    labels_of: dict[int, list[HumanLabel]] = defaultdict(list)
    for (label_call, _key), label in chosen.items():
        labels_of[label_call].append(label)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # tp fp fn pos neg
    for fold in range(folds):
        held_out = set(calls[fold::folds])
        training = [label for pair, label in chosen.items() if pair[0] not in held_out]
        models = fit_label_models(
            documents=documents, labels=training, seeds=seeds, hits=hit_set, threshold=threshold
        )
        proposer = Proposer(list(models.values()))
        for call_id in held_out:
            found = {p.key for p in proposer.accepted(documents[call_id], hits_of[call_id])}
            for label in labels_of[call_id]:
                key = label.key
                row = counts[key]
                predicted = key in found
                row[3 if label.value else 4] += 1
                if predicted and label.value:
                    row[0] += 1
                elif predicted:
                    row[1] += 1
                elif label.value:
                    row[2] += 1
    return {key: Scores(key, *row) for key, row in sorted(counts.items())}


__all__ = [
    "DIMENSIONS",
    "FEATURES",
    "HumanLabel",
    "LabelModel",
    "Proposal",
    "Proposer",
    "Reason",
    "Scores",
    "cross_validate",
    "fit_label_models",
    "log_odds",
    "log_odds_z",
]
