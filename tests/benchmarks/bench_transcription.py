"""Transcription speed and accuracy of several engine settings on every corpus at hand.

    .venv/bin/python tests/benchmarks/bench_transcription.py [--config NAME ...] [--corpus NAME ...]

Speed is call seconds (file duration, not channel seconds) per wall second, decoding included and
model loading excluded. WER is over lower-cased words with ё→е and punctuation stripped, pooled
per corpus; each channel of a stereo call is compared with the text of the speaker on it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Item:
    path: Path
    # Reference text per channel index; None for a corpus without references (speed only).
    references: dict[int, str] | None
    # Decoded once up front (files may change under a running benchmark); the time it took is
    # added to every config's wall time.
    channels: list[Any] = field(default_factory=list)
    decode_seconds: float = 0.0


@dataclass(frozen=True)
class Corpus:
    name: str
    items: list[Item]


@dataclass(frozen=True)
class Config:
    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    cpu_threads: int | None = None


@dataclass
class Result:
    audio: float = 0.0
    wall: float = 0.0
    refs: list[str] = field(default_factory=list)
    hyps: list[str] = field(default_factory=list)
    dropped: int = 0
    loops: int = 0


def normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


def committed_clips() -> Corpus:
    folder = ROOT / "tests" / "fixtures" / "audio"
    refs: dict[str, dict[int, str]] = {}
    with (folder / "transcripts.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            refs.setdefault(row["file"], {})[int(row["channel"])] = row["transcript"]
    return Corpus("clips", [Item(folder / name, r) for name, r in sorted(refs.items())])


def demo_set() -> Corpus | None:
    manifest = ROOT / "calls" / "demo" / "audio" / "manifest.jsonl"
    if not manifest.is_file():
        return None
    items = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        operator = 0 if entry.get("operator_channel", "left") == "left" else 1
        texts: dict[int, list[str]] = {0: [], 1: []}
        for segment in entry["segments"]:
            channel = operator if segment["speaker"] == "operator" else 1 - operator
            texts[channel].append(segment["text"])
        path = manifest.parent / f"{entry['id']}.ogg"
        if path.is_file():
            items.append(Item(path, {ch: " ".join(t) for ch, t in texts.items()}))
    return Corpus("demo", items) if items else None


def shared_corpora() -> list[Corpus]:
    from tests.benchmarks.shared_data import shared_data_dir

    shared = shared_data_dir("the shared ASR corpora")
    if shared is None:
        return []
    corpora = []
    for folder in sorted(shared.glob("asr_*")):
        table = folder / "transcripts.tsv"
        if not table.is_file():
            continue
        with table.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        items = [Item(folder / r["file"], {0: r["transcript"]}) for r in rows]
        corpora.append(Corpus(folder.name.removeprefix("asr_"), items))
    telephony = sorted((shared / "telephony_ru_no_transcript").glob("*.flac"))
    if telephony:
        corpora.append(Corpus("tel8k-noref", [Item(p, None) for p in telephony]))
    return corpora


# The VAD that BatchedInferencePipeline uses when given none: it splits at 160 ms pauses.
VAD160 = {"min_silence_duration_ms": 160}
CONFIGS = [
    Config("seq-b1", {"batch_size": 0, "beam_size": 1}),
    Config("seq-nots", {"batch_size": 0, "without_timestamps": True}),
    Config("seq-b5", {"batch_size": 0, "beam_size": 5}),
    Config("batch8-raw", {"batch_size": 8, "redecode_failed": False}),
    Config("b8-vad160-raw", {"batch_size": 8, "redecode_failed": False, "vad_parameters": VAD160}),
    Config("b8-vad160", {"batch_size": 8, "vad_parameters": VAD160}),
    Config("seq-ns.6", {"batch_size": 0, "no_speech_threshold": 0.6}),
    Config("seq-nsoff", {"batch_size": 0, "no_speech_threshold": None}),
    Config("batch4", {"batch_size": 4}),
    Config("batch8", {"batch_size": 8}),
    Config("batch8-joined", {"batch_size": 8, "join_channels": True}),
    Config("batch16", {"batch_size": 16}),
    Config("batch8-nots", {"batch_size": 8, "without_timestamps": True}),
    Config("batch8-b5", {"batch_size": 8, "beam_size": 5}),
    Config("batch8-words", {"batch_size": 8, "word_timestamps": True}),
    Config("seq-b1-words", {"batch_size": 0, "word_timestamps": True}),
    Config("batch8-1thr", {"batch_size": 8}, cpu_threads=1),
]


def load(corpus: Corpus) -> Corpus:
    from calls.audio import decode_channels
    from calls.errors import AudioRejected

    items = []
    for item in corpus.items:
        started = time.perf_counter()
        try:
            item.channels = decode_channels(item.path)
        except AudioRejected as exc:
            print(f"  skipped {item.path}: {exc.message}", file=sys.stderr)
            continue
        item.decode_seconds = time.perf_counter() - started
        items.append(item)
    return Corpus(corpus.name, items)


def run(config: Config, corpus: Corpus, show: bool = False) -> Result:
    from calls.transcription import engine, loops

    options = engine.EngineOptions.from_settings(**config.overrides)
    result = Result()
    for item in corpus.items:
        started = time.perf_counter()
        decoded = []
        for raw in engine.raw_segments_per_channel(item.channels, options):
            kept = loops.drop_hallucinations(raw)
            result.dropped += len(raw) - len(kept)
            decoded.append(kept)
        result.wall += time.perf_counter() - started + item.decode_seconds
        result.audio += len(item.channels[0]) / engine.SAMPLE_RATE
        for channel, kept in enumerate(decoded):
            text = " ".join(s.text for s in kept)
            words = normalize(text).split()
            if loops.longest_ngram_run(words) > 2:
                result.loops += 1
            if show:
                print(f"  {item.path.name}[{channel}] HYP {text}")
            if item.references is not None:
                result.refs.append(normalize(item.references.get(channel, "")))
                result.hyps.append(normalize(text))
    return result


def wer(result: Result) -> str:
    import jiwer

    if not result.refs:
        return "-"
    return f"{jiwer.wer(result.refs, result.hyps):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", action="append", help="run only these configs")
    parser.add_argument("--corpus", action="append", help="run only these corpora")
    parser.add_argument("--show", action="store_true", help="print hypotheses of the first config")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.local")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from django.conf import settings

    from calls.transcription import model

    corpora = [committed_clips()]
    demo = demo_set()
    corpora += [demo] if demo else []
    corpora += shared_corpora()
    if args.corpus:
        corpora = [c for c in corpora if c.name in args.corpus]
    configs = [c for c in CONFIGS if not args.config or c.name in args.config]
    corpora = [load(c) for c in corpora]

    header = f"{'config':<14}{'corpus':<22}{'audio s':>9}{'wall s':>9}{'x RT':>7}{'WER':>8}"
    print(f"cpu_threads={settings.WHISPER_CPU_THREADS} compute={settings.WHISPER_COMPUTE_TYPE}")
    print(f"{header}{'dropped':>9}{'loopy':>7}")
    for config in configs:
        threads = config.cpu_threads or settings.WHISPER_CPU_THREADS
        if threads != settings.WHISPER_CPU_THREADS or not model._models:
            settings.WHISPER_CPU_THREADS = threads
            model._models.clear()
            model.get_model()
        total = Result()
        for corpus in corpora:
            r = run(config, corpus, show=args.show)
            total = replace(total, audio=total.audio + r.audio, wall=total.wall + r.wall)
            print(
                f"{config.name:<14}{corpus.name:<22}{r.audio:>9.1f}{r.wall:>9.1f}"
                f"{r.audio / r.wall:>7.1f}{wer(r):>8}{r.dropped:>9}{r.loops:>7}",
                flush=True,
            )
        print(
            f"{config.name:<14}{'ALL':<22}{total.audio:>9.1f}{total.wall:>9.1f}"
            f"{total.audio / total.wall:>7.1f}",
            flush=True,
        )
        settings.WHISPER_CPU_THREADS = threads


if __name__ == "__main__":
    main()
