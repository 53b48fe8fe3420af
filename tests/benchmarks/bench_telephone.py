"""The recognizer on telephone audio: WER per line condition, what the VAD removes, hallucinations.

    .venv/bin/python tests/benchmarks/bench_telephone.py [--config NAME ...] [--condition NAME ...]
                                                          [--corpus NAME ...] [--rebuild] [--show]

The set (calls/demo/telephone.py is its recipe, docs/telephone.md) is every referenced recording
at hand (the demo calls, the synthesized telephone dialogs of tests/benchmarks/data, the shared
clips when ../shared/data is present), each as recorded («clean») and passed through each line
condition: 8 kHz, 300-3400 Hz, G.711 μ-law/A-law or GSM, line noise at 30/20/10 dB SNR, a quiet
and a hot level. The set is built once into var/bench/telephone-set/ (--rebuild to redo it).

Per config and condition it reports, pooled over the channels of every item:
- WER on raw words (lower-case, ё→е, no punctuation) and with numbers read as numbers
  («девяносто рублей» and «90 рублей» are the same words), so digit-versus-word differences are
  counted apart;
- «removed»: the reference words the VAD removed, as a share of the words of turns whose times
  are known (demo and synthesized dialogs): a word, placed evenly within its turn, that no speech
  span covers; --vad-only measures only this, in seconds instead of minutes;
- «VAD cut»: the reference words the same config decodes right without the VAD (every 30 s
  window decoded, silence included) and misses with it; this also counts words decoded
  differently because the windows differ, so it is an upper bound of what the VAD removed;
- hallucinations: phrases the guard dropped (calls/transcription/loops.py), and among them the
  known silence phrases («Продолжение следует», «Субтитры сделал…») the decoder wrote.
The gap row gives each condition's WER minus the same items' clean WER.
Results are also written to var/bench/telephone.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_transcription import (  # noqa: E402
    Corpus,
    Item,
    demo_set,
    normalize,
    shared_corpora,
)

SET_DIR = ROOT / "var" / "bench" / "telephone-set"
RESULT_PATH = ROOT / "var" / "bench" / "telephone.json"
CLEAN = "clean"


@dataclass(frozen=True)
class Config:
    name: str
    overrides: dict[str, Any] = field(default_factory=dict)


# The engine as configured (settings), then the candidates the choice was made from.
def _speech(**values: Any) -> dict[str, Any]:
    from calls.transcription.speech import SpeechSettings

    return {"speech": SpeechSettings(**values)}


# The engine as configured (settings), then the candidates the choice was made from.
CONFIGS = [
    Config("settings"),
    Config("silero.5", _speech(detector="silero", threshold=0.5)),
    Config("silero.3-pad400", _speech(detector="silero", threshold=0.3, pad_ms=400)),
    Config("webrtc1", _speech(detector="webrtc", webrtc_mode=1)),
    Config("webrtc2", _speech(detector="webrtc", webrtc_mode=2)),
    Config("webrtc3", _speech(detector="webrtc", webrtc_mode=3)),
    Config("webrtc2-pad400", _speech(detector="webrtc", webrtc_mode=2, pad_ms=400)),
    Config("webrtc2-shared", {**_speech(detector="webrtc", webrtc_mode=2),
                              "shared_speech_map": True}),
    Config("webrtc2-beam5", {**_speech(detector="webrtc", webrtc_mode=2), "beam_size": 5}),
    Config("silero.5-beam5", {**_speech(detector="silero", threshold=0.5), "beam_size": 5}),
]


@dataclass
class Tally:
    audio: float = 0.0
    wall: float = 0.0
    refs: list[str] = field(default_factory=list)
    hyps: list[str] = field(default_factory=list)
    # As written, for reading numbers («2 000», «1,5»: normalize would split them).
    raw_refs: list[str] = field(default_factory=list)
    raw_hyps: list[str] = field(default_factory=list)
    dropped: int = 0
    silence_phrases: int = 0
    # Reference words outside the speech map, of the words whose turn times are known.
    outside: int = 0
    timed_words: int = 0


DIALOGS_PATH = ROOT / "tests" / "benchmarks" / "data" / "telephone_dialogs.json"
# More voices and speeds than the demo's four operators and four customers: the one Festival
# speaker shifted from a low male to a high female register (cents) at slow to hurried tempos.
SYNTH_CENTS = (-450, -250, -100, 100, 250, 450, 650)
SYNTH_TEMPOS = (1.05, 1.15, 1.25, 1.35, 1.5)


def synthesized_set(*, rebuild: bool) -> Corpus | None:
    """The telephone dialogs (numbers, promo words, complaints), spoken with varied voices."""
    import zlib

    from calls.demo.dialogs import load_dialogs
    from calls.demo.synthesis import Voice, missing_tools, synthesize_dialog

    missing = missing_tools()
    folder = SET_DIR / CLEAN / "synth"
    if missing and not folder.is_dir():
        print(f"synthesized dialogs skipped: missing {', '.join(missing)} "
              "(Debian: festival festvox-ru sox)", file=sys.stderr)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for dialog in load_dialogs(DIALOGS_PATH):
        path = folder / dialog.filename
        references_path = path.with_suffix(".json")
        turns_path = path.with_suffix(".turns.json")
        if rebuild or not path.is_file() or not turns_path.is_file():
            pick = zlib.crc32(dialog.id.encode())
            voices = {
                "operator": Voice(cents=SYNTH_CENTS[pick % 7], tempo=SYNTH_TEMPOS[pick % 5],
                                  variant="", speed=0, pitch=0),
                "customer": Voice(cents=SYNTH_CENTS[(pick // 7) % 7],
                                  tempo=SYNTH_TEMPOS[(pick // 35) % 5],
                                  variant="", speed=0, pitch=0),
            }
            recording = synthesize_dialog(dialog=dialog, path=path, voices=voices)
            texts: dict[int, list[str]] = {0: [], 1: []}
            for segment in recording.segments:
                texts[0 if segment.speaker == "operator" else 1].append(segment.text)
            references_path.write_text(json.dumps(
                {str(ch): " ".join(t) for ch, t in texts.items()}, ensure_ascii=False))
            turns_path.write_text(json.dumps(recording.manifest_entry(), ensure_ascii=False))
        refs = json.loads(references_path.read_text())
        TURNS[path.stem] = turns_of(json.loads(turns_path.read_text()))
        items.append(Item(path, {int(ch): text for ch, text in refs.items()}))
    return Corpus("synth", items)


# Recording stem -> (channel, start, end, text) of every reference turn, where the timing is known.
TURNS: dict[str, list[tuple[int, float, float, str]]] = {}


def turns_of(entry: dict[str, Any]) -> list[tuple[int, float, float, str]]:
    operator = 0 if entry.get("operator_channel", "left") == "left" else 1
    return [(operator if turn["speaker"] == "operator" else 1 - operator,
             float(turn["start"]), float(turn["end"]), turn["text"])
            for turn in entry["segments"]]


def demo_turns() -> None:
    from calls.demo.dialogs import MANIFEST_PATH

    for line in MANIFEST_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            TURNS[entry["id"]] = turns_of(entry)


def outside_speech(item: Item, path: Path, options: Any) -> tuple[int, int]:
    """Reference words the speech map leaves out, and the words of turns with known times: each
    word is placed evenly within its turn, and counts as removed when no speech span covers it.
    Unlike the decode comparison this counts only what the VAD removed, not decoding noise."""
    from calls.audio import decode_channels
    from calls.transcription.engine import SAMPLE_RATE
    from calls.transcription.speech import speech_spans, union

    turns = TURNS.get(item.path.stem)
    if not turns:
        return 0, 0
    channels = decode_channels(path, sample_rate=SAMPLE_RATE)
    maps = [speech_spans(samples, options.speech) for samples in channels]
    if options.shared_speech_map:
        shared = union(maps, limit=int(options.speech.max_speech_s * SAMPLE_RATE))
        maps = [shared] * len(maps)
    removed = total = 0
    for channel, start, end, text in turns:
        words = normalize(text).split()
        for k in range(len(words)):
            at = (start + (k + 0.5) / len(words) * (end - start)) * SAMPLE_RATE
            if not any(span["start"] <= at <= span["end"] for span in maps[channel]):
                removed += 1
        total += len(words)
    return removed, total


def corpora(*, rebuild: bool = False) -> list[Corpus]:
    demo_turns()
    found = [c for c in [demo_set(), synthesized_set(rebuild=rebuild)] if c is not None]
    found += [c for c in shared_corpora() if c.name != "tel8k-noref"]
    return found


def condition_path(item: Item, corpus: str, condition: str) -> Path:
    return SET_DIR / condition / corpus / f"{item.path.stem}.wav"


def build_set(items: list[tuple[str, Item]], conditions: list[str], *, rebuild: bool) -> None:
    from calls.demo.telephone import CONDITIONS_BY_NAME, telephone_version

    made = 0
    started = time.perf_counter()
    for condition in conditions:
        if condition == CLEAN:
            continue
        for corpus, item in items:
            target = condition_path(item, corpus, condition)
            if target.is_file() and not rebuild:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            telephone_version(item.path, target, CONDITIONS_BY_NAME[condition])
            made += 1
    if made:
        print(f"built {made} telephone files in {time.perf_counter() - started:.0f} s "
              f"under {SET_DIR.relative_to(ROOT)}", flush=True)


def hits(reference: str, hypothesis: str) -> list[bool]:
    """For each reference word, whether the hypothesis has it (aligned, not just anywhere)."""
    import jiwer

    ref_words = reference.split()
    if not ref_words:
        return []
    if not hypothesis.split():
        return [False] * len(ref_words)
    aligned = jiwer.process_words(reference, hypothesis)
    found = [False] * len(ref_words)
    for chunk in aligned.alignments[0]:
        if chunk.type == "equal":
            for index in range(chunk.ref_start_idx, chunk.ref_end_idx):
                found[index] = True
    return found


def numbers_read(text: str) -> str:
    """Every number as the phrase engine reads it (calls/phrases/numbers.py), written as digits:
    «девяносто рублей» and «90 рублей» become the same words, «четыре пять» and «4, 5» too."""
    from calls.phrases.numbers import number_readings, read_tokens

    words = []
    for token in read_tokens(text):
        readings = number_readings(token.text)
        if readings:
            cardinal = sorted(r for r in readings if not r.endswith("-й"))
            token_text = (cardinal or sorted(readings))[0]
            words.append(token_text.replace("-й", "й").replace(",", "_"))
        else:
            words.append(token.text)
    return " ".join(words)


def decode(item: Item, path: Path, options: Any) -> tuple[list[str], float, int, int]:
    """Per channel hypothesis text, wall seconds, dropped phrases, silence phrases kept."""
    from calls.audio import decode_channels
    from calls.transcription import engine, loops

    started = time.perf_counter()
    channels = decode_channels(path, sample_rate=engine.SAMPLE_RATE)
    texts, dropped, silence = [], 0, 0
    for raw in engine.raw_segments_per_channel(channels, options):
        kept = loops.drop_hallucinations(raw)
        dropped += len(raw) - len(kept)
        silence += sum(1 for s in raw if loops.is_known_hallucination(s.text))
        texts.append(" ".join(s.text for s in kept))
    return texts, time.perf_counter() - started, dropped, silence


def without_vad(item: Item, path: Path, options: Any) -> list[str]:
    """The decode without the VAD, kept on disk: it is the slowest part of a run (the sequential
    decoder reads every silent window) and does not change with the VAD's settings."""
    import hashlib

    content = hashlib.sha256(path.read_bytes()).hexdigest()
    decoder = {k: v for k, v in asdict(options).items()
               if k not in {"speech", "shared_speech_map"}}
    key = hashlib.sha256(f"{content}{sorted(decoder.items())}".encode()).hexdigest()[:24]
    cached = SET_DIR / "without-vad" / f"{key}.json"
    if cached.is_file():
        return list(json.loads(cached.read_text()))
    texts, _wall, _dropped, _silence = decode(item, path, options)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(texts, ensure_ascii=False))
    return texts


def wer(refs: list[str], hyps: list[str]) -> float:
    import jiwer

    return float(jiwer.wer(refs, hyps)) if refs else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", action="append", help="only these configs")
    parser.add_argument("--condition", action="append", help="only these conditions (and clean)")
    parser.add_argument("--corpus", action="append", help="only these corpora")
    parser.add_argument("--no-vad-check", action="store_true",
                        help="skip the decode without the VAD (no «removed by VAD» column)")
    parser.add_argument("--vad-only", action="store_true",
                        help="only the speech maps: the «removed» column, no decoding")
    parser.add_argument("--skip-clean", action="store_true",
                        help="leave out the clean recordings (no gap column)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the telephone set")
    parser.add_argument("--show", action="store_true", help="print every hypothesis")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.local")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from calls.audio import source_sample_rate
    from calls.demo.telephone import CONDITIONS
    from calls.transcription import engine
    from calls.transcription.model import get_model

    conditions = [CLEAN] + [c.name for c in CONDITIONS]
    if args.condition:
        conditions = [CLEAN] + [c for c in conditions if c in args.condition and c != CLEAN]
    if args.skip_clean:
        conditions.remove(CLEAN)
    chosen = [c for c in corpora(rebuild=args.rebuild) if not args.corpus or c.name in args.corpus]
    items = [(corpus.name, item) for corpus in chosen for item in corpus.items]
    build_set(items, conditions, rebuild=args.rebuild)
    get_model()
    configs = [c for c in CONFIGS if not args.config or c.name in args.config]

    print(f"{len(items)} recordings ({', '.join(c.name for c in chosen)}); "
          f"conditions: {', '.join(conditions)}")
    header = (f"{'config':<18}{'condition':<18}{'audio s':>8}{'x RT':>6}{'WER':>7}{'WER#':>7}"
              f"{'gap':>7}{'removed':>8}{'VAD cut':>8}{'dropped':>8}{'silence':>8}")
    print(header, flush=True)
    results: list[dict[str, Any]] = []
    for config in configs:
        reference_options = engine.EngineOptions.from_settings(
            **{**config.overrides, "vad_filter": False})
        clean_wer: float | None = None
        for condition in conditions:
            tally = Tally()
            cut = ref_total = 0
            for corpus, item in items:
                path = item.path if condition == CLEAN else condition_path(item, corpus, condition)
                # As the product does: the recording's own rate picks the settings' detector.
                options = engine.EngineOptions.from_settings(
                    source_rate=source_sample_rate(path), **config.overrides)
                if args.vad_only:
                    removed, timed = outside_speech(item, path, options)
                    tally.outside += removed
                    tally.timed_words += timed
                    continue
                texts, wall, dropped, silence = decode(item, path, options)
                tally.wall += wall
                tally.audio += item_duration(path)
                tally.dropped += dropped
                removed, timed = outside_speech(item, path, options)
                tally.outside += removed
                tally.timed_words += timed
                tally.silence_phrases += silence
                plain = [] if args.no_vad_check else without_vad(item, path, reference_options)
                for channel, text in enumerate(texts):
                    reference = normalize((item.references or {}).get(channel, ""))
                    hypothesis = normalize(text)
                    tally.refs.append(reference)
                    tally.hyps.append(hypothesis)
                    tally.raw_refs.append((item.references or {}).get(channel, ""))
                    tally.raw_hyps.append(text)
                    if plain:
                        without = hits(reference, normalize(plain[channel]))
                        with_vad = hits(reference, hypothesis)
                        cut += sum(1 for a, b in zip(without, with_vad, strict=True) if a and not b)
                    ref_total += len(reference.split())
                    if args.show:
                        print(f"  {condition} {item.path.name}[{channel}] {text}")
            if args.vad_only:
                removed_share = tally.outside / max(tally.timed_words, 1)
                results.append({"config": config.name, "condition": condition,
                                "removed_share": removed_share, "removed_words": tally.outside,
                                "timed_words": tally.timed_words})
                print(f"{config.name:<18}{condition:<18} removed {removed_share:.1%} of "
                      f"{tally.timed_words} words", flush=True)
                continue
            raw = wer(tally.refs, tally.hyps)
            read = wer([normalize(numbers_read(r)) for r in tally.raw_refs],
                       [normalize(numbers_read(h)) for h in tally.raw_hyps])
            if condition == CLEAN:
                clean_wer = read
            gap = read - clean_wer if clean_wer is not None else float("nan")
            share = cut / ref_total if ref_total and not args.no_vad_check else float("nan")
            removed_share = (tally.outside / tally.timed_words if tally.timed_words
                             else float("nan"))
            row = {"config": config.name, "condition": condition, "audio": tally.audio,
                   "x_realtime": tally.audio / tally.wall, "wer": raw, "wer_numbers": read,
                   "gap": gap, "vad_cut_share": share, "vad_cut_words": cut,
                   "removed_share": removed_share, "removed_words": tally.outside,
                   "timed_words": tally.timed_words,
                   "reference_words": ref_total, "dropped": tally.dropped,
                   "silence_phrases": tally.silence_phrases, "options": asdict(options)}
            results.append(row)
            print(f"{config.name:<18}{condition:<18}{tally.audio:>8.0f}{row['x_realtime']:>6.1f}"
                  f"{raw:>7.3f}{read:>7.3f}{gap:>+7.3f}{removed_share:>8.1%}{share:>8.1%}"
                  f"{tally.dropped:>8}"
                  f"{tally.silence_phrases:>8}", flush=True)
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    print(f"written {RESULT_PATH.relative_to(ROOT)}")


def item_duration(path: Path) -> float:
    from calls.audio import probe_audio

    return probe_audio(path).duration


if __name__ == "__main__":
    main()
