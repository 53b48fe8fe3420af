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
MIN_PRECISION = 0.8  # LEARNED_TAGS_MIN_PRECISION's default: what `learn_tags --accept` turns on


@dataclass(frozen=True)
class BenchCall:
    id: int
    segments: list  # list[SegmentText]
    tags: frozenset[str]
    wordings: frozenset[str]  # the tags' wordings it uses (before the slots are filled)


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
        chosen, topical = [], []
        for code in tags:
            chosen.append(rng.choice(by_code[code]["wordings"]))
            topical.append(("customer", fill(chosen[-1])))
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
        calls.append(BenchCall(call_id, segments, frozenset(tags), frozenset(chosen)))
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


def learner_setups(
    annotated: list[BenchCall],
    unseen: list[BenchCall],
    documents: dict[int, object],
    codes: list[str],
    seeds: dict[str, list[str]],
    extended: dict[str, list[str]],
    with_suggestions: dict[int, set[str]],
) -> tuple[dict[int, set[str]], dict[int, set[str]], object, dict[str, object]]:
    """Phrases + the learner with every model on, and with only the models `learn_tags
    --accept` would turn on (cross-validated precision ≥ MIN_PRECISION)."""
    from calls.learning.learner import HumanLabel, Proposer, cross_validate, fit_label_models

    labels = [HumanLabel(call.id, code, code in call.tags) for call in annotated for code in codes]
    annotated_hits = phrase_hits(phrase_matcher(extended), annotated)
    hits = {(call_id, code) for call_id, found in annotated_hits.items() for code in found}
    training = {c.id: documents[c.id] for c in annotated}
    models = fit_label_models(documents=training, labels=labels, seeds=seeds, hits=hits)
    scores = cross_validate(documents=training, labels=labels, seeds=seeds, hits=hits)
    proposer = Proposer(list(models.values()))
    accepted_keys = {
        key
        for key, score in scores.items()
        if score.precision is not None and score.precision >= MIN_PRECISION
    }
    every, accepted = {}, {}
    for call in unseen:
        found = {p.key for p in proposer.accepted(documents[call.id], with_suggestions[call.id])}
        every[call.id] = with_suggestions[call.id] | found
        accepted[call.id] = with_suggestions[call.id] | (found & accepted_keys)
    return every, accepted, proposer, scores


def database_timing(data: dict, calls: list[BenchCall], per_tag: int) -> None:
    """The analysers through Django on a temporary SQLite file: the pool annotated in a closed
    campaign, `learn_tags --accept` at 0, then each unseen call analysed alone."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="slyshu-bench-") as folder:
        os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.utils import timezone

        from calls.models import (
            Annotation,
            AnnotationCampaign,
            Call,
            KeyPhrase,
            Segment,
            Tag,
            TagCategory,
        )
        from calls.taxonomy.learning.tagging import calls_learned_tag
        from calls.taxonomy.learning.training import learned_tag_models_train
        from calls.taxonomy.tagging import calls_autotag

        call_command("migrate", verbosity=0)
        category = TagCategory.objects.create(name="Бенчмарк")
        tags = {}
        for tag in data["tags"]:
            tags[tag["code"]] = Tag.objects.create(
                code=tag["code"],
                name=tag["name"],
                description=tag["description"],
                category=category,
            )
            for text in tag["phrases"]:
                KeyPhrase.objects.create(tag=tags[tag["code"]], text=text, speaker="customer")
        codes = list(tags)
        pool, unseen = calls[0::2], calls[1::2]
        annotated = annotate(pool, codes, per_tag)
        stored: dict[int, int] = {}
        for call in annotated + unseen:
            row = Call.objects.create(
                external_id=f"bench-{call.id}",
                started_at=timezone.now(),
                duration=call.segments[-1].end,
                source=Call.Source.TRANSCRIPT,
                status=Call.Status.ANALYSED,
            )
            Segment.objects.bulk_create(
                Segment(call=row, index=i, speaker=s.speaker, start=s.start, end=s.end, text=s.text)
                for i, s in enumerate(call.segments)
            )
            stored[call.id] = row.pk
        annotator = User.objects.create(username="bench-annotator")
        campaign = AnnotationCampaign.objects.create(
            name="Бенчмарк", status=AnnotationCampaign.Status.CLOSED, closed_at=timezone.now()
        )
        for call in annotated:
            answer = Annotation.objects.create(
                campaign=campaign,
                call_id=stored[call.id],
                annotator=annotator,
                none_apply=not call.tags,
            )
            answer.tags.set([tags[code] for code in call.tags])
        calls_autotag(call_ids=list(stored.values()))
        started = time.perf_counter()
        learned_tag_models_train(accept=True, min_precision=0.0)
        print(
            f"learn_tags on {len(annotated)} annotated calls (fit + 5-fold CV): "
            f"{time.perf_counter() - started:.1f} s"
        )
        ids = [stored[call.id] for call in unseen]
        calls_learned_tag(call_ids=ids[:1])  # word vectors and compiled models: once a process
        timings = {}
        for name, run in (("tags (phrases)", calls_autotag), ("learned_tags", calls_learned_tag)):
            started = time.perf_counter()
            for call_id in ids:
                run(call_ids=[call_id])
            timings[name] = (time.perf_counter() - started) / len(ids) * 1000
        print(
            f"analysis of one call, {len(ids)} calls one by one on SQLite: "
            + ", ".join(f"{name} {ms:.1f} ms" for name, ms in timings.items())
            + f" — the learner adds {timings['learned_tags']:.1f} ms (budget 20 ms)"
        )


SETUPS = ("phrases", "+suggestions", "+learner", "+learner --accept", "+learner, new wordings")


def one_draw(data: dict, calls: list[BenchCall], verbose: bool) -> dict[tuple[int, str], tuple]:
    """(per tag, setup) → (precision, recall, F1, calls) for one draw of the dev set."""
    codes = [tag["code"] for tag in data["tags"]]
    phrases = {tag["code"]: tag["phrases"] for tag in data["tags"]}
    descriptions = {tag["code"]: [tag["name"], tag["description"]] for tag in data["tags"]}
    pool, unseen = calls[0::2], calls[1::2]
    documents = documents_of(calls)
    base = phrase_hits(phrase_matcher(phrases), unseen)
    results: dict[tuple[int, str], tuple] = {}
    for per_tag in CURVE:
        annotated = annotate(pool, codes, per_tag)
        accepted = suggestions(annotated, codes, phrases)
        extended = {code: phrases[code] + accepted[code] for code in codes}
        with_suggestions = phrase_hits(phrase_matcher(extended), unseen)
        seeds = {code: descriptions[code] + extended[code] for code in codes}
        every, on, _proposer, scores = learner_setups(
            annotated, unseen, documents, codes, seeds, extended, with_suggestions
        )
        for name, predicted in zip(SETUPS, (base, with_suggestions, every, on), strict=False):
            results[(per_tag, name)] = (*micro(predicted, unseen), len(annotated))
        # The calls whose every wording no annotated call used: what vectors and seeds carry
        # over, not recognising a sentence seen before.
        seen = set().union(*(call.wordings for call in annotated))
        fresh = [call for call in unseen if call.tags and not call.wordings & seen]
        if fresh:
            results[(per_tag, SETUPS[-1])] = (
                *micro({c.id: every[c.id] for c in fresh}, fresh),
                len(fresh),
            )
        if verbose:
            print(f"  {per_tag} per tag:")
            for code in codes:
                score = scores.get(code)
                cv = (
                    f"CV P={score.precision if score.precision is not None else float('nan'):.2f}"
                    f" R={score.recall if score.recall is not None else float('nan'):.2f}"
                    if score
                    else "no model"
                )
                print(f"    {code}: {cv}; accepted suggestions {accepted[code]}")
    return results


def learner_time(data: dict, calls: list[BenchCall]) -> float:
    """Milliseconds per unseen call: its document and ten tags' proposals (10 per tag)."""
    from calls.learning.documents import SegmentInput, document_of

    codes = [tag["code"] for tag in data["tags"]]
    seeds = {t["code"]: [t["name"], t["description"], *t["phrases"]] for t in data["tags"]}
    pool, unseen = calls[0::2], calls[1::2]
    annotated = annotate(pool, codes, 10)
    documents = documents_of(calls)
    hits = phrase_hits(phrase_matcher({t["code"]: t["phrases"] for t in data["tags"]}), unseen)
    _every, _on, proposer, _scores = learner_setups(
        annotated, unseen, documents, codes, seeds, {c: [] for c in codes}, hits
    )
    started = time.perf_counter()
    for call in unseen:
        document = document_of(
            call.id,
            (
                SegmentInput(None, i, s.speaker, s.start, s.end, s.text)
                for i, s in enumerate(call.segments)
            ),
            speaker="customer",
        )
        proposer.accepted(document, ())  # type: ignore[attr-defined]
    return (time.perf_counter() - started) / len(unseen) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=700)
    parser.add_argument(
        "--draws",
        type=int,
        default=3,
        help="dev sets drawn with seeds 7, 8, … (the figures are their mean)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--no-database", action="store_true", help="skip the timing through Django and SQLite"
    )
    args = parser.parse_args()

    from calls.learning.vectors import word_vectors

    data = json.loads(DATA.read_text(encoding="utf-8"))
    started = time.perf_counter()
    word_vectors()
    print(f"word vectors loaded in {time.perf_counter() - started:.2f} s (once per process)")
    draws = []
    for draw in range(args.draws):
        calls = build_calls(data, args.calls, seed=7 + draw)
        unseen = calls[1::2]
        print(
            f"draw {draw + 1}: {len(calls)} calls, {len(data['tags'])} tags; unseen half "
            f"{len(unseen)} calls, {sum(len(c.tags) for c in unseen)} true tags",
            flush=True,
        )
        draws.append(one_draw(data, calls, args.verbose and draw == 0))
    print(f"\nmean of {len(draws)} draws; F1 of each draw in brackets")
    print(f"{'per tag':>8} {'setup':<23} {'P':>6} {'R':>6} {'F1':>6}")
    mean: dict[tuple[int, str], tuple[float, float, float]] = {}
    for per_tag in CURVE:
        for name in SETUPS:
            found = [d[(per_tag, name)] for d in draws if (per_tag, name) in d]
            if not found:
                continue
            p, r, f = (sum(row[i] for row in found) / len(found) for i in range(3))
            mean[(per_tag, name)] = (p, r, f)
            spread = " ".join(f"{row[2]:.2f}" for row in found)
            sizes = "/".join(str(row[3]) for row in found)
            note = (
                f"{sizes} calls annotated"
                if name == "phrases"
                else f"{sizes} unseen calls"
                if name == SETUPS[-1]
                else ""
            )
            print(f"{per_tag:>8} {name:<23} {p:>6.3f} {r:>6.3f} {f:>6.3f}   [{spread}] {note}")
    base_p = mean[(CURVE[0], "phrases")][0]
    for name in ("+learner", "+learner --accept"):
        met = [
            k for k in CURVE if mean[(k, name)][2] >= 0.8 and mean[(k, name)][0] >= base_p - 0.05
        ]
        print(
            f"goal for {name} (F1 ≥ 0.8, precision ≥ {base_p - 0.05:.3f}): met at "
            f"{', '.join(map(str, met)) or 'none'} annotated calls per tag"
        )
    calls = build_calls(data, args.calls)
    print(
        f"learner alone per call (document + ten tags, lemma cache warm): "
        f"{learner_time(data, calls):.2f} ms"
    )
    if not args.no_database:
        database_timing(data, calls, per_tag=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
