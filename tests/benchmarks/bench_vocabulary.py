"""Does a line's vocabulary help the recognizer? WER overall and on the vocabulary's words, with
and without it, as hotwords and as an initial prompt, on the demo calls.

    .venv/bin/python tests/benchmarks/bench_vocabulary.py [--top 15] [--telephone] [--show]

Each demo call is decoded with its own line's vocabulary only, as the pipeline does
(calls/vocabulary/decoder.py). Two vocabularies are measured:

- «suggested»: what the product suggests for each demo line from the demo taxonomy — the tags
  whose phrases fire on the line's calls as decoded without a vocabulary, their words ranked by
  calls.vocabulary.words against those same transcripts — the first --top of them, as an admin
  accepting suggestions from the top would;
- «hand»: a short list of the demo company's own names and terms (calls/demo/dialogs.json).

«terms recall» is, over every channel whose reference has a vocabulary term (of either list, in
any word form), the share of the reference's occurrences the hypothesis has too: the same terms
for every condition, so the figures compare. WER is bench_transcription's (lower-cased words,
ё→е, punctuation stripped, pooled over channels); «WER num» counts numbers said in words and
written in digits as the same.

--telephone [CONDITION] passes each call through a telephone line first (calls/demo/telephone.py,
8 kHz G.711 μ-law with line noise at 20 dB by default), once that module is there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_transcription import Corpus, demo_set, load, normalize  # noqa: E402

# The demo company's own words, as an admin would type them (calls/demo/dialogs.json): its name,
# its promo and loyalty terms, its subscription and tariff names.
HAND_TERMS = ["Домашний маркет", "промокод", "подписка плюс", "семейный тариф", "бонусные баллы",
              "пункт выдачи"]


@dataclass
class Decoded:
    # Per item: per channel, the kept segments.
    channels: list[list[Any]] = field(default_factory=list)
    wall: float = 0.0


def line_of_items() -> dict[str, str]:
    dialogs = json.loads((ROOT / "calls" / "demo" / "dialogs.json").read_text(encoding="utf-8"))
    return {dialog["id"]: dialog["line"] for dialog in dialogs}


def speakers(item_path: Path) -> list[str]:
    # Demo calls carry the operator on the left channel.
    return ["operator", "customer"]


def telephone_hook(corpus: Corpus, condition_name: str, workdir: Path) -> Corpus:
    """The demo calls as a telephone line delivers them (calls/demo/telephone.py, section 1 of
    issue 16), written to workdir under the same names, so each keeps its line."""
    import importlib

    try:
        telephone = importlib.import_module("calls.demo.telephone")
    except ImportError:
        sys.exit("--telephone: calls/demo/telephone.py is not there yet; measure at 16 kHz.")
    condition = telephone.CONDITIONS_BY_NAME.get(condition_name)
    if condition is None:
        sys.exit(f"--telephone: no condition {condition_name!r}; "
                 f"one of {', '.join(telephone.CONDITIONS_BY_NAME)}.")
    for item in corpus.items:
        item.path = telephone.telephone_version(item.path, workdir / f"{item.path.stem}.wav",
                                                condition)
    return corpus


def decode(corpus: Corpus, overrides_of: dict[str, dict[str, Any]]) -> dict[str, Decoded]:
    """Every item decoded with its line's overrides (by item id)."""
    from calls.transcription import engine, loops

    result = {}
    for item in corpus.items:
        options = engine.EngineOptions.from_settings(beam_size=1, **overrides_of[item.path.stem])
        started = time.perf_counter()
        per_channel = engine.raw_segments_per_channel(item.channels, options)
        kept = [loops.drop_hallucinations(raw) for raw in per_channel]
        result[item.path.stem] = Decoded(kept, time.perf_counter() - started)
    return result


def fired_tags(decoded: dict[str, Decoded], line_of: dict[str, str]) -> dict[str, set[str]]:
    """The demo tags whose phrases fire on each line's decoded calls, by the phrase engine."""
    from calls.models.phrases import phrase_rule
    from calls.phrases.automaton import compile_rules
    from calls.phrases.segments import SegmentText

    taxonomy = json.loads((ROOT / "calls" / "demo" / "taxonomy.json").read_text("utf-8"))
    rules = []
    for category in taxonomy["categories"]:
        for tag in category["tags"]:
            for number, phrase in enumerate(tag["phrases"]):
                window = phrase.get("window") or {}
                rules.append(phrase_rule(
                    key=(tag["code"], number), text=phrase["text"],
                    speaker=phrase.get("speaker", "customer"), max_gap=phrase.get("max_gap", 1),
                    window_kind=window.get("kind", "none"), window_seconds=window.get("seconds"),
                ))
    matcher = compile_rules(rules)
    tags: dict[str, set[str]] = defaultdict(set)
    for item_id, found in decoded.items():
        segments = sorted(
            (SegmentText(speaker=speaker, start=s.start, end=s.end, text=s.text)  # type: ignore[arg-type]
             for speaker, kept in zip(speakers(Path(item_id)), found.channels, strict=True)
             for s in kept),
            key=lambda s: s.start,
        )
        for match in matcher.match(segments):
            tags[line_of[item_id]].add(match.key[0])
    return tags


def suggested_terms(decoded: dict[str, Decoded], line_of: dict[str, str], top: int
                    ) -> dict[str, list[str]]:
    """The product's taxonomy suggestions for each line, the first `top`."""
    from calls.vocabulary.words import candidates_in, ranked_suggestions

    taxonomy = json.loads((ROOT / "calls" / "demo" / "taxonomy.json").read_text("utf-8"))
    fired = fired_tags(decoded, line_of)
    vocabulary = {}
    for line in sorted(set(line_of.values())):
        texts = [text for category in taxonomy["categories"] for tag in category["tags"]
                 if tag["code"] in fired[line]
                 for text in (tag["name"], *(p["text"] for p in tag["phrases"]))]
        transcripts = [(index, s.text) for index, (item_id, found) in enumerate(decoded.items())
                       if line_of[item_id] == line for kept in found.channels for s in kept]
        suggestions = ranked_suggestions(candidates_in(texts), transcripts)
        vocabulary[line] = [s.term for s in suggestions[:top]]
    return vocabulary


def term_count(term: str, words: list[str]) -> int:
    """Occurrences of the term (one word or several in a row) in any word form."""
    from calls.phrases.lemmas import candidate_lemmas

    wanted = [candidate_lemmas(w) for w in normalize(term).split()]
    lemmas = [candidate_lemmas(w) for w in words]
    return sum(
        all(lemmas[start + k] & wanted[k] for k in range(len(wanted)))
        for start in range(len(words) - len(wanted) + 1)
    )


def numbers_as_digits(text: str) -> str:
    """Normalized text with every number, said in words or written in digits, as digit groups
    (calls/redaction/numbers.py), so that «четыре пять семь» and «4 5 7» count as the same: a
    prompt changes how Whisper writes numbers, which is not what the vocabulary is about."""
    from calls.redaction.numbers import group_tokens, is_number_word

    words = text.split()
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        out.extend(group.digits for group in group_tokens(run))
        run.clear()

    for word in words:
        if word.isdigit() or is_number_word(word):
            run.append(word)
        else:
            flush()
            out.append(word)
    flush()
    return " ".join(out)


def measure(corpus: Corpus, decoded: dict[str, Decoded], terms_of: dict[str, list[str]],
            line_of: dict[str, str], show: bool = False
            ) -> tuple[float, float, float, int, float]:
    """(WER, WER with numbers as digits, terms recall, reference occurrences of the terms,
    wall seconds)."""
    import jiwer

    refs, hyps = [], []
    found = total = 0
    for item in corpus.items:
        item_id = item.path.stem
        for channel, kept in enumerate(decoded[item_id].channels):
            reference = normalize((item.references or {}).get(channel, ""))
            hypothesis = normalize(" ".join(s.text for s in kept))
            refs.append(reference)
            hyps.append(hypothesis)
            for term in terms_of[line_of[item_id]]:
                in_ref = term_count(term, reference.split())
                if in_ref:
                    in_hyp = term_count(term, hypothesis.split())
                    total += in_ref
                    found += min(in_ref, in_hyp)
                    if show and in_hyp < in_ref:
                        print(f"    {item_id}[{channel}] missed «{term}» {in_hyp}/{in_ref}")
    wall = sum(d.wall for d in decoded.values())
    numeric = jiwer.wer([numbers_as_digits(r) for r in refs], [numbers_as_digits(h) for h in hyps])
    return jiwer.wer(refs, hyps), numeric, (found / total if total else 1.0), total, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15, help="suggestions accepted per line")
    parser.add_argument("--telephone", nargs="?", const="ulaw-20dB", metavar="CONDITION",
                        help="pass the audio through a telephone line first (default ulaw-20dB)")
    parser.add_argument("--show", action="store_true", help="print the vocabularies and misses")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.local")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from calls.transcription.model import get_model
    from calls.vocabulary.decoder import vocabulary_text

    demo = demo_set()
    if demo is None:
        sys.exit("No demo audio (calls/demo/audio/manifest.jsonl).")
    workdir = Path(tempfile.mkdtemp(prefix="slyshu-vocabulary-"))
    if args.telephone:
        demo = telephone_hook(demo, args.telephone, workdir)
    corpus = load(demo)
    shutil.rmtree(workdir)
    line_of = line_of_items()
    get_model()

    nothing = {item.path.stem: {} for item in corpus.items}
    baseline = decode(corpus, nothing)
    suggested = suggested_terms(baseline, line_of, args.top)
    hand = {line: list(HAND_TERMS) for line in suggested}
    evaluated = {line: sorted({*suggested[line], *hand[line]}) for line in suggested}
    if args.show:
        for line, terms in suggested.items():
            print(f"suggested[{line}]: {vocabulary_text(terms)}")
        print(f"hand: {vocabulary_text(HAND_TERMS)}")

    def per_item(vocabulary: dict[str, list[str]], option: str) -> dict[str, dict[str, Any]]:
        return {item.path.stem: {option: vocabulary_text(vocabulary[line_of[item.path.stem]])}
                for item in corpus.items}

    conditions: list[tuple[str, dict[str, Decoded]]] = [("none", baseline)]
    for name, vocabulary in (("suggested", suggested), ("hand", hand)):
        for option, label in (("hotwords", "hotwords"), ("initial_prompt", "prompt")):
            conditions.append((f"{name}-{label}", decode(corpus, per_item(vocabulary, option))))

    audio = sum(len(item.channels[0]) / 16000 for item in corpus.items)
    print(f"demo calls: {len(corpus.items)}, {audio:.0f} s of audio, beam 1, "
          f"batch {django.conf.settings.WHISPER_BATCH_SIZE}"
          f"{f', telephone line {args.telephone}' if args.telephone else ''}")
    print(f"{'condition':<22}{'WER':>7}{'WER num':>9}{'terms recall':>14}{'suggested':>11}"
          f"{'hand':>7}{'x RT':>7}")
    for name, decoded in conditions:
        if args.show:
            print(f"  {name}:")
        error, numeric, recall, occurrences, wall = measure(corpus, decoded, evaluated, line_of,
                                                            args.show)
        recall_suggested = measure(corpus, decoded, suggested, line_of)[2]
        recall_hand = measure(corpus, decoded, hand, line_of)[2]
        print(f"{name:<22}{error:>7.3f}{numeric:>9.3f}{recall:>9.3f} ({occurrences})"
              f"{recall_suggested:>11.3f}{recall_hand:>7.3f}{audio / wall:>7.1f}", flush=True)


if __name__ == "__main__":
    main()
