"""The emotion rule (calls/voice/emotion/rule.py) on a labelled text set: per-class precision and
recall of the call emotion, of hot and of hidden irritation, words only (the voice not heard),
beside a baseline of 19 anger cues plus a count of «!».

    .venv/bin/python tests/benchmarks/bench_emotion.py [--split dev|test|all]

The set (tests/benchmarks/data/emotion_calls.json) has a `dev` half, on which the rule's weights
and thresholds were tuned, and a `test` half written first and only reported. The seeded cue
lists (load_voice_cues) are loaded into a temporary SQLite database. Written to
var/bench/emotion.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_throughput import bench_env  # noqa: E402

DATA = ROOT / "tests" / "benchmarks" / "data" / "emotion_calls.json"
RESULT_PATH = ROOT / "var" / "bench" / "emotion.json"
EMOTIONS = ("irritated", "confused", "satisfied", "neutral")
# The baseline the issue names: a plain list of 19 anger cues (lowercase stems, matched as
# substrings) and the customer's «!»: hot when a cue occurs or the customer says «!» twice.
ANGER_CUES = (
    "сколько можно",
    "безобраз",
    "возмутительн",
    "издевательств",
    "издеваетесь",
    "жалоб",
    "руководител",
    "верните деньги",
    "обман",
    "мошенник",
    "кошмар",
    "ужас",
    "надоел",
    "достали",
    "задолбали",
    "какого чёрта",
    "третий раз",
    "в суд",
    "хамств",
)
BASELINE_EXCLAMATIONS = 2


def baseline_hot(customer_texts: list[str]) -> bool:
    text = " ".join(customer_texts).lower().replace("ё", "е")
    cues = sum(cue.replace("ё", "е") in text for cue in ANGER_CUES)
    return cues > 0 or text.count("!") >= BASELINE_EXCLAMATIONS


def precision_recall(pairs: list[tuple[bool, bool]]) -> dict[str, Any]:
    tp = sum(1 for truth, said in pairs if truth and said)
    fp = sum(1 for truth, said in pairs if not truth and said)
    fn = sum(1 for truth, said in pairs if truth and not said)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return {
        "precision": precision,
        "recall": recall,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "support": tp + fn,
    }


def judge(call: dict[str, Any]) -> tuple[Any, list[str]]:
    from calls.phrases import SegmentText
    from calls.voice.emotion.rule import CustomerSegment, judge_call
    from calls.voice.words.scoring import segment_word_scores

    segments = [
        SegmentText(turn["speaker"], i * 5.0, i * 5.0 + 4.0, turn["text"])
        for i, turn in enumerate(call["turns"])
    ]
    scores = segment_word_scores(segments)
    customer = [
        CustomerSegment(
            segment_id=score.segment_index,
            start=segments[score.segment_index].start,
            text=segments[score.segment_index].text,
            words=score,
        )
        for score in scores
    ]
    texts = [turn["text"] for turn in call["turns"] if turn["speaker"] == "customer"]
    return judge_call(customer, voice_heard=False), texts


def evaluate(calls: list[dict[str, Any]], *, show_errors: bool) -> dict[str, Any]:
    emotion_pairs: dict[str, list[tuple[bool, bool]]] = {e: [] for e in EMOTIONS}
    hot, hidden, base = [], [], []
    errors = []
    for call in calls:
        verdict, texts = judge(call)
        for emotion in EMOTIONS:
            emotion_pairs[emotion].append((call["emotion"] == emotion, verdict.emotion == emotion))
        hot.append((call["hot"], verdict.hot))
        hidden.append((call["hidden_irritation"], verdict.hidden_irritation))
        base.append((call["hot"], baseline_hot(texts)))
        wrong = []
        if verdict.emotion != call["emotion"]:
            wrong.append(f"emotion {verdict.emotion} (label {call['emotion']})")
        if verdict.hot != call["hot"]:
            wrong.append(f"hot {verdict.hot} at {verdict.hot_score:.2f}")
        if verdict.hidden_irritation != call["hidden_irritation"]:
            wrong.append(f"hidden {verdict.hidden_irritation}")
        if wrong:
            errors.append(f"  {call['id']}: " + "; ".join(wrong))
    correct = sum(
        pairs[i][0] and pairs[i][1] for pairs in emotion_pairs.values() for i in range(len(calls))
    )
    if show_errors and errors:
        print("\n".join(errors))
    return {
        "calls": len(calls),
        "emotion_accuracy": correct / len(calls) if calls else None,
        "emotion": {e: precision_recall(pairs) for e, pairs in emotion_pairs.items()},
        "hot": precision_recall(hot),
        "hidden_irritation": precision_recall(hidden),
        "baseline_hot": precision_recall(base),
    }


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_table(split: str, result: dict[str, Any]) -> None:
    print(
        f"\n{split}: {result['calls']} calls, emotion accuracy {_fmt(result['emotion_accuracy'])}"
    )
    print(f"  {'what':<24} {'P':>5} {'R':>5} {'support':>8}")
    rows = [(f"emotion {e}", result["emotion"][e]) for e in EMOTIONS]
    rows += [
        ("hot", result["hot"]),
        ("hidden irritation", result["hidden_irritation"]),
        ("baseline hot (19 cues+!)", result["baseline_hot"]),
    ]
    for name, row in rows:
        print(
            f"  {name:<24} {_fmt(row['precision']):>5} {_fmt(row['recall']):>5} {row['support']:>8}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list the misjudged calls")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="slyshu-bench-emotion-"))
    env = bench_env(folder)
    os.environ.clear()
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from calls.voice.words.services import load_voice_cues

        call_command("migrate", verbosity=0)
        load_voice_cues()
        calls = json.loads(DATA.read_text(encoding="utf-8"))["calls"]
        splits = ("dev", "test") if args.split == "all" else (args.split,)
        results = {}
        for split in splits:
            chosen = [call for call in calls if call["split"] == split]
            if args.errors:
                print(f"\n{split} errors:")
            results[split] = evaluate(chosen, show_errors=args.errors)
            print_table(split, results[split])
        RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
        RESULT_PATH.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
