"""Tags learned from people: micro-F1 on unseen calls as a learning curve.

Run: ``.venv/bin/python tests/benchmarks/bench_tag_learning.py [--calls N] [-v]``

Data: ``data/tag_learning_devset.json``, written for this benchmark: ten tags, each with a
description, a trainer's first phrases (written from the definition, before seeing calls), a
dozen ways customers really say it, and hard negatives (the same words about something else,
negation, the opposite). Calls are assembled from those turns with a fixed seed: an operator's
greeting, the customer's topics (0–2 tags) in one of their wordings, neutral turns, maybe a hard
negative, a goodbye. The even calls are the pool people annotate, the odd ones are never seen.

For 2, 5, 10 and 25 annotated calls per tag (the positives sampled from the pool, plus as many
calls with no tag; every annotated call is a yes or a no for every tag), three setups are scored
on the unseen half (micro precision / recall / F1 over (call, tag) pairs):

* phrases — the trainer's first phrases through the phrase engine;
* +suggestions — plus the key-phrase suggestions (calls/learning/ngrams.py, as
  keyphrase_suggestions gives them) an admin would accept: precision ≥ 0.8 on the annotated calls;
* +learner — phrases plus the learner's proposals (calls/learning/learner.py), seeded with the
  description, the phrases and the accepted suggestions.

Also: the cross-validated precision/recall the learner reports for itself at 10 per tag, and
the time the learner adds to one call's analysis (documents + proposals for ten tags, word
vectors already loaded; and through the analyser on a SQLite database). Goal (issue 17):
micro-F1 ≥ 0.8 with precision no more than 5 points below phrases alone.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parent / "data" / "tag_learning_devset.json"
CURVE = (2, 5, 10, 25)
SUGGESTION_PRECISION = 0.8
SUGGESTIONS_PER_TAG = 5


@dataclass(frozen=True)
class BenchCall:
    id: int
    segments: list  # list[SegmentText]
    tags: frozenset[str]


def build_calls(data: dict, count: int, seed: int = 7) -> list[BenchCall]:
    from calls.phrases import SegmentText

    rng = random.Random(seed)
    codes = [tag["code"] for tag in data["tags"]]
    by_code = {tag["code"]: tag for tag in data["tags"]}

    def fill(text: str) -> str:
        return text.format(
            n=rng.randint(10000, 99999), small=rng.randint(2, 28), name=rng.choice(data["names"])
        )

    calls = []
    for call_id in range(1, count + 1):
        roll = rng.random()
        tags = [] if roll < 0.15 else rng.sample(codes, 1 if roll < 0.8 else 2)
        turns: list[tuple[str, str]] = [
            ("operator", fill(data["operator"][0])),
            ("customer", fill(rng.choice(data["neutral_customer"][:4]))),
        ]
        topical = [("customer", fill(rng.choice(by_code[code]["wordings"]))) for code in tags]
        if rng.random() < 0.4:
            other = by_code[rng.choice(codes)]
            topical.insert(
                rng.randint(0, len(topical)),
                ("customer", fill(rng.choice(other["hard_negatives"]))),
            )
        for speaker, text in topical:
            turns.append((speaker, text))
            turns.append(("operator", fill(rng.choice(data["operator"][1:8]))))
            if rng.random() < 0.5:
                turns.append(("customer", fill(rng.choice(data["neutral_customer"][4:]))))
        turns.append(("operator", fill(data["operator"][8])))
        turns.append(("customer", "Хорошо, до свидания."))
        segments, clock = [], 0.0
        for speaker, text in turns:
            length = 0.4 + 0.07 * len(text)
            segments.append(SegmentText(speaker, round(clock, 2), round(clock + length, 2), text))
            clock += length + 0.5
        calls.append(BenchCall(call_id, segments, frozenset(tags)))
    return calls


def annotate(
    pool: list[BenchCall], codes: list[str], per_tag: int, seed: int = 11
) -> list[BenchCall]:
    """Per tag `per_tag` positive calls from the pool, and as many calls with no tag."""
    rng = random.Random(seed + per_tag)
    chosen: dict[int, BenchCall] = {}
    for code in codes:
        positives = [call for call in pool if code in call.tags]
        have = sum(1 for call in chosen.values() if code in call.tags)
        rest = [call for call in positives if call.id not in chosen]
        for call in rng.sample(rest, max(0, min(per_tag - have, len(rest)))):
            chosen[call.id] = call
    empty = [call for call in pool if not call.tags]
    for call in rng.sample(empty, min(per_tag, len(empty))):
        chosen[call.id] = call
    return sorted(chosen.values(), key=lambda call: call.id)


def phrase_matcher(rules_by_code: dict[str, list[str]]):
    from calls.phrases import PhraseRule, compile_rules

    return compile_rules(
        [
            PhraseRule(key=code, text=text, speaker="customer")
            for code, texts in rules_by_code.items()
            for text in texts
        ]
    )


def phrase_hits(matcher, calls: list[BenchCall]) -> dict[int, set[str]]:
    return {call.id: {match.key for match in matcher.match(call.segments)} for call in calls}


def micro(predicted: dict[int, set[str]], calls: list[BenchCall]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for call in calls:
        found = predicted.get(call.id, set())
        tp += len(found & call.tags)
        fp += len(found - call.tags)
        fn += len(call.tags - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def suggestions(
    annotated: list[BenchCall], codes: list[str], phrases: dict[str, list[str]]
) -> dict[str, list[str]]:
    from calls.learning.ngrams import separating_ngrams

    segments_of = {call.id: call.segments for call in annotated}
    hits = phrase_hits(phrase_matcher(phrases), annotated)
    accepted: dict[str, list[str]] = {}
    for code in codes:
        positive = {call.id for call in annotated if code in call.tags}
        covered = {call_id for call_id, found in hits.items() if code in found}
        found = separating_ngrams(
            segments_of=segments_of, positive=positive, covered=covered, limit=10
        )
        accepted[code] = [c.text for c in found if c.precision >= SUGGESTION_PRECISION][
            :SUGGESTIONS_PER_TAG
        ]
    return accepted


def documents_of(calls: list[BenchCall]) -> dict[int, object]:
    from calls.learning.documents import SegmentInput, document_of

    return {
        call.id: document_of(
            call.id,
            (
                SegmentInput(None, index, s.speaker, s.start, s.end, s.text)
                for index, s in enumerate(call.segments)
            ),
            speaker="customer",
        )
        for call in calls
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=700)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    from calls.learning.learner import HumanLabel, Proposer, cross_validate, fit_label_models
    from calls.learning.vectors import word_vectors

    data = json.loads(DATA.read_text(encoding="utf-8"))
    codes = [tag["code"] for tag in data["tags"]]
    phrases = {tag["code"]: tag["phrases"] for tag in data["tags"]}
    descriptions = {tag["code"]: [tag["name"], tag["description"]] for tag in data["tags"]}
    calls = build_calls(data, args.calls)
    pool, unseen = calls[0::2], calls[1::2]
    print(
        f"{len(calls)} calls, {len(codes)} tags; unseen half: {len(unseen)} calls, "
        f"{sum(len(c.tags) for c in unseen)} true tags"
    )
    started = time.perf_counter()
    word_vectors()
    print(f"word vectors loaded in {time.perf_counter() - started:.2f} s (once per process)")
    documents = documents_of(calls)
    base_matcher = phrase_matcher(phrases)
    base = phrase_hits(base_matcher, unseen)
    base_p, base_r, base_f = micro(base, unseen)
    print(f"\n{'per tag':>8} {'setup':<14} {'P':>6} {'R':>6} {'F1':>6}")
    results = []
    for per_tag in CURVE:
        annotated = annotate(pool, codes, per_tag)
        accepted = suggestions(annotated, codes, phrases)
        extended = {code: phrases[code] + accepted[code] for code in codes}
        with_suggestions = phrase_hits(phrase_matcher(extended), unseen)
        labels = [
            HumanLabel(call.id, code, code in call.tags) for call in annotated for code in codes
        ]
        seeds = {code: descriptions[code] + extended[code] for code in codes}
        annotated_hits = phrase_hits(phrase_matcher(extended), annotated)
        hits = {(call_id, code) for call_id, found in annotated_hits.items() for code in found}
        models = fit_label_models(
            documents={c.id: documents[c.id] for c in annotated},
            labels=labels,
            seeds=seeds,
            hits=hits,
        )
        proposer = Proposer(list(models.values()))
        learned = {
            call.id: with_suggestions[call.id]
            | {p.key for p in proposer.accepted(documents[call.id], with_suggestions[call.id])}
            for call in unseen
        }
        for name, predicted in (
            ("phrases", base),
            ("+suggestions", with_suggestions),
            ("+learner", learned),
        ):
            p, r, f = micro(predicted, unseen)
            print(
                f"{per_tag:>8} {name:<14} {p:>6.3f} {r:>6.3f} {f:>6.3f}"
                + (f"   ({len(annotated)} calls annotated)" if name == "phrases" else "")
            )
            results.append((per_tag, name, p, r, f))
        if args.verbose:
            for code in codes:
                print(f"    {code}: +{accepted[code]}")
        if per_tag == 10:
            started = time.perf_counter()
            scores = cross_validate(
                documents={c.id: documents[c.id] for c in annotated},
                labels=labels,
                seeds=seeds,
                hits=hits,
            )
            cv_time = time.perf_counter() - started
            cv_rows = [
                f"{key}: P={'—' if s.precision is None else f'{s.precision:.2f}'} "
                f"R={'—' if s.recall is None else f'{s.recall:.2f}'}"
                for key, s in scores.items()
            ]
            cv_at_10 = (cv_rows, cv_time)
            # Time per call: building the document and proposing, ten tags.
            started = time.perf_counter()
            for call in unseen:
                from calls.learning.documents import SegmentInput, document_of

                document = document_of(
                    call.id,
                    (
                        SegmentInput(None, i, s.speaker, s.start, s.end, s.text)
                        for i, s in enumerate(call.segments)
                    ),
                    speaker="customer",
                )
                proposer.accepted(document, ())
            per_call_ms = (time.perf_counter() - started) / len(unseen) * 1000
    print(f"\nphrases alone: P={base_p:.3f} R={base_r:.3f} F1={base_f:.3f}")
    print(f"cross-validated (5 folds) at 10 per tag, {cv_at_10[1]:.1f} s:")
    for row in cv_at_10[0]:
        print(f"  {row}")
    print(f"learner per call (document + ten tags, lemma cache warm): {per_call_ms:.2f} ms")
    goal = [(per_tag, p, f) for per_tag, name, p, r, f in results if name == "+learner"]
    met = [per_tag for per_tag, p, f in goal if f >= 0.8 and p >= base_p - 0.05]
    print(
        f"goal (F1 ≥ 0.8, precision ≥ {base_p - 0.05:.3f}): met at "
        f"{', '.join(map(str, met)) or 'none'} annotated calls per tag"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
