"""The moment of resolution (calls/contacts/resolution.py) on a labelled set of Russian dialogs:
precision and recall of «resolved», how often the moment found is the labelled turn, and its
time error in seconds.

    .venv/bin/python tests/benchmarks/bench_resolution.py [--show-errors]

The set (tests/benchmarks/data/resolution_dialogs.txt, 80 dialogs: 64 the cues were adjusted on,
16 held out (ids t…) written afterwards and only measured; 34+8 resolved, 30+8 unresolved,
many of them hard negatives: «понятно, но…», «нет, не получилось», «спасибо, но вопрос не
решён», politeness after a deferral); see docs/contacts.md for the figures. Pure Python: no
database. Written to var/bench/resolution.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from calls.contacts.resolution import Resolution, find_resolution  # noqa: E402
from calls.phrases import SegmentText  # noqa: E402

DATA = ROOT / "tests" / "benchmarks" / "data" / "resolution_dialogs.txt"
RESULT_PATH = ROOT / "var" / "bench" / "resolution.json"
SECONDS_PER_WORD = 0.4
PAUSE = 0.6


@dataclass
class Dialog:
    name: str
    resolved: bool
    segments: list[SegmentText]
    # The labelled acceptance turn's start (seconds), None when unresolved.
    moment: float | None
    moment_index: int | None


def load_dialogs(path: Path = DATA) -> list[Dialog]:
    dialogs: list[Dialog] = []
    current: Dialog | None = None
    clock = 0.0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("## "):
            _, name, label, *_note = line.split(maxsplit=3)
            current = Dialog(name, label == "resolved", [], None, None)
            dialogs.append(current)
            clock = 0.0
            continue
        if not line or line.startswith("#") or current is None:
            continue
        who, text = line.split(":", 1)
        text = text.strip()
        speaker = "operator" if who.startswith("O") else "customer"
        length = SECONDS_PER_WORD * max(len(text.split()), 1)
        if who.endswith("*"):
            current.moment, current.moment_index = clock, len(current.segments)
        current.segments.append(SegmentText(speaker, clock, clock + length, text))
        clock += length + PAUSE
    for dialog in dialogs:
        if dialog.resolved != (dialog.moment is not None):
            raise ValueError(f"{dialog.name}: the label and the marked turn disagree")
    return dialogs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    dialogs = load_dialogs()
    find_resolution(dialogs[0].segments)  # compile the cues before timing
    started = time.perf_counter()
    found = [find_resolution(dialog.segments) for dialog in dialogs]
    elapsed = time.perf_counter() - started
    result = {
        "all": _figures(dialogs, found, elapsed),
        "tuned_on": _figures(*_split(dialogs, found, held_out=False), 0.0),
        "held_out": _figures(*_split(dialogs, found, held_out=True), 0.0),
    }
    if args.show_errors:
        for dialog, resolution in zip(dialogs, found, strict=True):
            wrong = dialog.resolved != resolution.resolved or (
                dialog.resolved and resolution.acceptance_index != dialog.moment_index)
            if wrong:
                print(dialog.name, "labelled", dialog.moment_index, "found",
                      resolution.acceptance_index, resolution.reasons)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


def _split(dialogs: list[Dialog], found: list[Resolution], *, held_out: bool
           ) -> tuple[list[Dialog], list[Resolution]]:
    pairs = [(d, r) for d, r in zip(dialogs, found, strict=True)
             if d.name.startswith("t") == held_out]
    return [d for d, _ in pairs], [r for _, r in pairs]


def _figures(dialogs: list[Dialog], found: list[Resolution], elapsed: float) -> dict[str, object]:
    tp = sum(1 for d, r in zip(dialogs, found, strict=True) if d.resolved and r.resolved)
    fp = sum(1 for d, r in zip(dialogs, found, strict=True) if not d.resolved and r.resolved)
    fn = sum(1 for d, r in zip(dialogs, found, strict=True) if d.resolved and not r.resolved)
    errors = [
        abs((r.resolved_at or 0.0) - (d.moment or 0.0))
        for d, r in zip(dialogs, found, strict=True) if d.resolved and r.resolved
    ]
    same_turn = sum(
        1 for d, r in zip(dialogs, found, strict=True)
        if d.resolved and r.resolved and r.acceptance_index == d.moment_index
    )
    return {
        "dialogs": len(dialogs),
        "resolved_labelled": sum(d.resolved for d in dialogs),
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "true_positive": tp, "false_positive": fp, "false_negative": fn,
        "moment_same_turn": f"{same_turn}/{tp}",
        "moment_error_median_s": round(statistics.median(errors), 2) if errors else None,
        "moment_error_mean_s": round(statistics.fmean(errors), 2) if errors else None,
        "moment_error_max_s": round(max(errors), 2) if errors else None,
        "ms_per_dialog": round(1000 * elapsed / max(len(dialogs), 1), 2) if elapsed else None,
    }


if __name__ == "__main__":
    main()
