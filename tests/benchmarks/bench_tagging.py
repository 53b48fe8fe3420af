"""Tagging quality of the phrase engine on a hand-labelled dev set of contact-center dialogs.

Run: ``.venv/bin/python tests/benchmarks/bench_tagging.py [-v]``

Data (written for this benchmark, in ``tests/benchmarks/data``):
* ``tagging_taxonomy.json`` — categories → tags → phrases, written as a trainer would;
* ``tagging_devset.jsonl`` — one dialog per line: segments (speaker, start, end, text) and the
  gold tag codes. Includes inflected variants, paraphrases the phrases do not cover, and hard
  negatives: negation, the operator saying the phrase, hypothetical mentions.

A dialog gets a tag when any of the tag's phrases matches (the engine is run directly, no
Django). Prints precision/recall/F1 per tag and micro-averaged, then the same micro figures
with the top-parse lemma policy instead of the candidate-set policy; ``-v`` lists errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calls.phrases import PhraseRule, SegmentText

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Dialog:
    id: str
    duration: float
    segments: list[SegmentText]
    tags: frozenset[str]


def load_rules(path: Path = DATA / "tagging_taxonomy.json") -> tuple[list[PhraseRule], list[str]]:
    from calls.phrases import PhraseRule

    taxonomy = json.loads(path.read_text(encoding="utf-8"))
    rules, codes = [], []
    for category in taxonomy["categories"]:
        for tag in category["tags"]:
            codes.append(tag["code"])
            for index, phrase in enumerate(tag["phrases"]):
                rules.append(
                    PhraseRule(
                        key=(tag["code"], index),
                        text=phrase["text"],
                        speaker=phrase.get("speaker", "any"),
                        max_gap=phrase.get("max_gap", 1),
                        window=tuple(phrase["window"]) if phrase.get("window") else None,
                    )
                )
    return rules, codes


def load_dialogs(path: Path = DATA / "tagging_devset.jsonl") -> list[Dialog]:
    from calls.phrases import SegmentText

    dialogs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        segments = [
            SegmentText(s["speaker"], float(s["start"]), float(s["end"]), s["text"])
            for s in record["segments"]
        ]
        dialogs.append(
            Dialog(record["id"], float(record["duration"]), segments, frozenset(record["tags"]))
        )
    return dialogs


def predict(rules: list[PhraseRule], dialogs: list[Dialog]) -> list[frozenset[str]]:
    from calls.phrases import compile_rules

    matcher = compile_rules(rules)
    return [
        frozenset(match.key[0] for match in matcher.match(d.segments, d.duration)) for d in dialogs
    ]


def scores(true: int, false_positive: int, false_negative: int) -> tuple[float, float, float]:
    precision = true / (true + false_positive) if true + false_positive else 1.0
    recall = true / (true + false_negative) if true + false_negative else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(
    codes: list[str], dialogs: list[Dialog], predicted: list[frozenset[str]]
) -> dict[str, tuple[int, int, int]]:
    counts = {}
    for code in codes:
        tp = sum(1 for d, p in zip(dialogs, predicted, strict=True) if code in d.tags & p)
        fp = sum(1 for d, p in zip(dialogs, predicted, strict=True) if code in p - d.tags)
        fn = sum(1 for d, p in zip(dialogs, predicted, strict=True) if code in d.tags - p)
        counts[code] = (tp, fp, fn)
    return counts


def micro(counts: dict[str, tuple[int, int, int]]) -> tuple[float, float, float]:
    return scores(*(sum(c[i] for c in counts.values()) for i in range(3)))


@contextmanager
def top_parse_policy() -> Iterator[None]:
    """Temporarily make the engine use only the top pymorphy3 parse (for comparison)."""
    from calls.phrases import lemmas

    original = lemmas.analyse
    lemmas._cache.clear()
    lemmas.analyse = lambda word: frozenset((lemmas.top_lemma(word),))  # type: ignore[assignment]
    try:
        yield
    finally:
        lemmas.analyse = original  # type: ignore[assignment]
        lemmas._cache.clear()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    rules, codes = load_rules()
    dialogs = load_dialogs()
    predicted = predict(rules, dialogs)
    counts = evaluate(codes, dialogs, predicted)
    print(f"{len(dialogs)} dialogs, {len(codes)} tags, {len(rules)} phrases\n")
    print(f"{'tag':22} {'gold':>4} {'TP':>3} {'FP':>3} {'FN':>3} {'P':>6} {'R':>6} {'F1':>6}")
    for code, (tp, fp, fn) in counts.items():
        precision, recall, f1 = scores(tp, fp, fn)
        print(
            f"{code:22} {tp + fn:4} {tp:3} {fp:3} {fn:3} {precision:6.1%} {recall:6.1%} {f1:6.1%}"
        )
    precision, recall, f1 = micro(counts)
    print(
        f"{'micro-average':22} {'':4} {'':3} {'':3} {'':3} {precision:6.1%} {recall:6.1%} {f1:6.1%}"
    )

    with top_parse_policy():
        top_counts = evaluate(codes, dialogs, predict(rules, dialogs))
    print("\nLemma policy, micro P / R / F1:")
    print(f"  candidate sets (matcher)  {precision:6.1%} {recall:6.1%} {f1:6.1%}")
    print("  top parse only            {:6.1%} {:6.1%} {:6.1%}".format(*micro(top_counts)))

    if "-v" in args:
        print("\nErrors:")
        for dialog, found in zip(dialogs, predicted, strict=True):
            missed, extra = dialog.tags - found, found - dialog.tags
            if missed or extra:
                print(f"  {dialog.id}: missed {sorted(missed)} extra {sorted(extra)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
