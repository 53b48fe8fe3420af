"""Redaction of spoken personal data: recall per kind, false redactions, speed.

Run: ``.venv/bin/python tests/benchmarks/bench_redaction.py [-v]``
(or ``make bench BENCH=redaction``; ``-v`` lists every miss and false redaction).

Data:
* ``data/redaction_cases.json`` (written for this benchmark, every number invented with valid
  check digits): call dialogues, each with one known entity — card, phone, e-mail, passport,
  СНИЛС, ИНН or account — written as Whisper may write it: in digits («4276 4158 6834 4978»,
  «+7 (916) 123-45-67»), in Russian number words (grouped or digit by digit), mixed, and split
  over two or three segments of the client (sometimes with the operator's «да» in between);
  around it, lines full of ordinary numbers (prices, dates, times, order numbers, amounts). Plus
  entity-free dialogues of the same kind.
* UD Russian-Taiga test (shared data, when present): 1,217 real sentences (social media, recipes,
  news) read as one speaker's consecutive segments, for false redactions on text we did not
  write. Sentences that really do hold a phone number («по телефону 87778830353») are listed
  in ``TAIGA_REAL`` and not counted as false.

An entity is *found* when every character of each of its pieces lies inside something redacted
(of any kind); *right kind* when every piece is redacted with the entity's own placeholder. A
*false redaction* is a redacted piece that touches no known entity; the rate is per 1,000
ordinary words (word tokens outside the known entities). Goals (issue 7): recall 100% for cards
and phones, ≥ 95% overall; < 1 false redaction per 1,000 words.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calls.redaction.transcript import (  # noqa: E402 (after the sys.path line above)
    EntityKind,
    SegmentText,
    find_entities_in,
    redact_transcript,
)
from tests.benchmarks.shared_data import shared_data_dir  # noqa: E402

CASES = Path(__file__).resolve().parent / "data" / "redaction_cases.json"
TAIGA = Path("ud_russian_taiga") / "ru_taiga-ud-test.conllu"
# Taiga sentences that hold real personal data: found, checked by hand, not false redactions.
TAIGA_REAL = frozenset({"87778830353"})
WORD_RE = re.compile(r"[^\W\d_]+|\d+")
# The cases by how they were written: made from templates, or by hand while the detectors were
# built, or by hand afterwards and held out. First runs of the held-out sets: 100% found, 96.7%
# right kind and one false redaction in 14 ordinary lines (fixed since); then, after the
# grouping rules, 88.5% found (23 of 26) and none false in 10 lines (two misses fixed since, a
# 10-digit ИНН said in pairs with no context word is still missed).
SOURCES = {
    "templates": "from templates, invented numbers",
    "hand": "hand-written while building the detectors",
    "holdout": "hand-written afterwards, held out (1st)",
    "holdout2": "hand-written afterwards, held out (2nd)",
}


def source_of(dialogue_id: str) -> str:
    prefix = dialogue_id.split("-")[0]
    return prefix if prefix in SOURCES else "templates"


@dataclass(frozen=True)
class Known:
    kind: EntityKind
    form: str  # digits | words | mixed
    split: bool
    pieces: tuple[tuple[int, int, int], ...]  # (segment, start, end)


@dataclass
class Dialogue:
    id: str
    segments: list[SegmentText]
    known: list[Known]


def load_cases() -> tuple[list[Dialogue], list[Dialogue]]:
    data = json.loads(CASES.read_text(encoding="utf-8"))

    def dialogue(raw: dict) -> Dialogue:
        segments = [SegmentText(s["speaker"], s["start"], s["end"], s["text"])
                    for s in raw["segments"]]
        known = [
            Known(EntityKind(e["kind"]), e["form"], e["split"],
                  tuple((p["segment"], p["start"], p["end"]) for p in e["pieces"]))
            for e in raw.get("entities", [])
        ]
        return Dialogue(raw["id"], segments, known)

    return [dialogue(d) for d in data["dialogues"]], [dialogue(d) for d in data["ordinary"]]


def load_taiga() -> list[Dialogue]:
    folder = shared_data_dir("false redactions on UD Russian-Taiga")
    if folder is None or not (folder / TAIGA).is_file():
        return []
    texts = [line[len("# text = "):].strip()
             for line in (folder / TAIGA).read_text(encoding="utf-8").splitlines()
             if line.startswith("# text = ")]
    # One speaker, back to back: the cross-segment rule is exercised on every sentence pair.
    segments, start = [], 0.0
    for text in texts:
        length = 0.3 * max(len(text.split()), 1)
        segments.append(SegmentText("A", round(start, 2), round(start + length, 2), text))
        start += length + 0.5
    return [Dialogue(f"taiga-{i // 50}", segments[i:i + 50], [])
            for i in range(0, len(segments), 50)]


@dataclass
class Score:
    entities: Counter
    found: Counter
    right_kind: Counter
    by_form: Counter
    found_by_form: Counter
    words: int = 0
    false: int = 0


def ordinary_words(dialogue: Dialogue) -> int:
    """Word tokens outside the known entities."""
    inside: dict[int, list[tuple[int, int]]] = {}
    for known in dialogue.known:
        for index, start, end in known.pieces:
            inside.setdefault(index, []).append((start, end))
    count = 0
    for index, segment in enumerate(dialogue.segments):
        for match in WORD_RE.finditer(segment.text):
            if not any(s < match.end() and match.start() < e for s, e in inside.get(index, [])):
                count += 1
    return count


def score(dialogues: list[Dialogue], verbose: bool, label: str) -> Score:
    result = Score(Counter(), Counter(), Counter(), Counter(), Counter())
    for dialogue in dialogues:
        detected = [(entity.kind, piece) for entity in find_entities_in(dialogue.segments)
                    for piece in entity.pieces]
        used = [False] * len(detected)
        for known in dialogue.known:
            form = ("split " if known.split else "") + known.form
            result.entities[known.kind] += 1
            result.by_form[form] += 1
            found = right = True
            for segment, start, end in known.pieces:
                covering = [(i, kind) for i, (kind, piece) in enumerate(detected)
                            if piece.segment == segment and piece.start < end and start < piece.end]
                for i, _ in covering:
                    used[i] = True
                covered: set[int] = set()
                for i, _ in covering:
                    covered.update(range(detected[i][1].start, detected[i][1].end))
                if not set(range(start, end)) <= covered:
                    found = False
                if not covering or any(kind != known.kind for _, kind in covering):
                    right = False
            result.found[known.kind] += found
            result.found_by_form[form] += found
            result.right_kind[known.kind] += found and right
            if verbose and not (found and right):
                shown = " | ".join(dialogue.segments[s].text[a:b] for s, a, b in known.pieces)
                got = [(str(kind), dialogue.segments[p.segment].text[p.start:p.end])
                       for kind, p in detected if any(p.segment == s for s, _, _ in known.pieces)]
                print(f"  MISSED {dialogue.id} {known.kind} ({form}): {shown!r} → {got}")
        for i, (kind, piece) in enumerate(detected):
            if used[i]:
                continue
            value = dialogue.segments[piece.segment].text[piece.start:piece.end]
            if label == "taiga" and re.sub(r"\D", "", value) in TAIGA_REAL:
                continue
            result.false += 1
            if verbose:
                print(f"  FALSE {label} {dialogue.id}: {kind} {value!r} in "
                      f"{dialogue.segments[piece.segment].text!r}")
        result.words += ordinary_words(dialogue)
    return result


# --- lists of ordinary numbers: the hardest text for a number detector -----------------------

_UNITS = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
          "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"]
_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
         "восемьдесят", "девяносто"]
_HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
             "восемьсот", "девятьсот"]


def spoken(number: int) -> str:
    """0..999,999 in Russian words, as said aloud (feminine before «тысяча»)."""
    def below_thousand(value: int, feminine: bool = False) -> list[str]:
        words = [_HUNDREDS[value // 100]] if value >= 100 else []
        value %= 100
        if 10 <= value <= 19:
            return [*words, _TEENS[value - 10]]
        if value >= 20:
            words.append(_TENS[value // 10])
        unit = value % 10
        if unit:
            words.append({1: "одна", 2: "две"}.get(unit, _UNITS[unit]) if feminine
                         else _UNITS[unit])
        return words

    if number == 0:
        return "ноль"
    words: list[str] = []
    thousands = number // 1000
    if thousands:
        last = thousands % 100
        if thousands == 1:
            words.append("тысяча")
        else:
            words += below_thousand(thousands, feminine=True)
            if 11 <= last <= 19 or thousands % 10 in (0, 5, 6, 7, 8, 9):
                words.append("тысяч")
            else:
                words.append("тысяча" if thousands % 10 == 1 else "тысячи")
    return " ".join(words + below_thousand(number % 1000))


def number_lists(count: int = 1000) -> dict[str, list[str]]:
    """Sentences made of lists of ordinary numbers, `count` of each sort (fixed seed)."""
    import random

    rnd = random.Random(20261130)

    def amount() -> int:
        return rnd.choice([rnd.randint(1, 99) * 100, rnd.randint(1, 999) * 1000,
                           rnd.randint(100, 99999)])

    def several(make, low: int = 2, high: int = 8) -> str:
        return ", ".join(make() for _ in range(rnd.randint(low, high)))

    sorts = {
        "prices, written («857 000, 5 100»)": lambda: "цены " + several(
            lambda: f"{amount():,}".replace(",", " "), 2, 4) + " рублей",
        "prices, said": lambda: "цены " + several(lambda: spoken(amount()), 2, 4) + " рублей",
        "quantities 1–99, written": lambda: "было " + several(lambda: str(rnd.randint(1, 99))),
        "quantities 1–99, said": lambda: "было " + several(lambda: spoken(rnd.randint(1, 99))),
        "numbers 1–999, said without commas": lambda: "было " + " ".join(
            spoken(rnd.randint(1, 999)) for _ in range(rnd.randint(2, 6))),
        "times («20:30, 13:15»)": lambda: "в " + several(
            lambda: f"{rnd.randint(8, 21)}:{rnd.choice(['00', '15', '30', '45'])}", 2, 5),
        "dates («04.11 27.05»)": lambda: " ".join(
            f"{rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}" for _ in range(rnd.randint(2, 5))),
        "years («1998 1999 2001»)": lambda: "в " + " ".join(
            str(rnd.randint(1990, 2026)) for _ in range(rnd.randint(2, 5))) + " годах",
        "order number, then a number": lambda: (
            f"номер заказа {rnd.randint(10000, 99999999)}, {rnd.randint(1, 999)}"),
    }
    return {name: [make() for _ in range(count)] for name, make in sorts.items()}


def speed(dialogues: list[Dialogue]) -> tuple[float, int]:
    segments = sum(len(d.segments) for d in dialogues)
    started = time.perf_counter()
    rounds = 0
    while time.perf_counter() - started < 2.0:
        for dialogue in dialogues:
            redact_transcript(dialogue.segments)
        rounds += 1
    return rounds * segments / (time.perf_counter() - started), segments


def idempotence(dialogues: list[Dialogue]) -> tuple[int, int]:
    """(dialogues changed by a second pass, dialogues with anything left of a known entity)."""
    changed = leaked = 0
    for dialogue in dialogues:
        once = redact_transcript(dialogue.segments)
        changed += redact_transcript(once.segments).changed
        for known in dialogue.known:
            raw = "".join(dialogue.segments[s].text[a:b] for s, a, b in known.pieces)
            digits = re.sub(r"\D", "", raw)
            left = "".join(re.sub(r"\D", "", once.segments[s].text) for s, _, _ in known.pieces)
            leaked += bool(digits) and digits in left
    return changed, leaked


def main() -> int:
    verbose = "-v" in sys.argv
    cases, ordinary = load_cases()
    taiga = load_taiga()

    entity_score = score(cases, verbose, "cases")
    print("\nRecall per kind (redaction_cases.json)")
    print("| kind | entities | found | recall | right placeholder |")
    print("|---|---:|---:|---:|---:|")
    for kind in EntityKind:
        total = entity_score.entities[kind]
        found = entity_score.found[kind]
        right = entity_score.right_kind[kind]
        print(f"| {kind} | {total} | {found} | {found / total:.1%} | {right / total:.1%} |")
    total = sum(entity_score.entities.values())
    found = sum(entity_score.found.values())
    right = sum(entity_score.right_kind.values())
    print(f"| **all** | {total} | {found} | **{found / total:.1%}** | {right / total:.1%} |")

    print("\nRecall by how the cases were written")
    print("| cases | entities | recall | right placeholder |")
    print("|---|---:|---:|---:|")
    for source, name in SOURCES.items():
        part = score([d for d in cases if source_of(d.id) == source], False, "cases")
        count = sum(part.entities.values())
        print(f"| {name} | {count} | {sum(part.found.values()) / count:.1%} | "
              f"{sum(part.right_kind.values()) / count:.1%} |")

    print("\nRecall by how it was said")
    print("| form | entities | found | recall |")
    print("|---|---:|---:|---:|")
    for form in sorted(entity_score.by_form):
        count, hit = entity_score.by_form[form], entity_score.found_by_form[form]
        print(f"| {form} | {count} | {hit} | {hit / count:.1%} |")

    ordinary_score = score(ordinary, verbose, "ordinary")
    taiga_score = score(taiga, verbose, "taiga") if taiga else None
    print("\nFalse redactions (goal < 1 per 1,000 ordinary words)")
    print("| text | words | false redactions | per 1,000 words |")
    print("|---|---:|---:|---:|")
    rows = [("entity dialogues, outside the entities", entity_score),
            ("entity-free dialogues", ordinary_score)]
    if taiga_score is not None:
        rows.append(("UD Russian-Taiga test (real text)", taiga_score))
    for name, row in rows:
        print(f"| {name} | {row.words:,} | {row.false} | {row.false * 1000 / row.words:.2f} |")
    words = sum(row.words for _, row in rows)
    false = sum(row.false for _, row in rows)
    print(f"| **all** | {words:,} | {false} | **{false * 1000 / words:.2f}** |")

    print("\nLists of ordinary numbers (generated, 1,000 sentences each; not in the rate above)")
    print("| sentences | redacted |")
    print("|---|---:|")
    for name, sentences in number_lists().items():
        redacted = sum(redact_transcript([SegmentText("A", 0.0, 5.0, text)]).changed
                       for text in sentences)
        print(f"| {name} | {redacted / len(sentences):.1%} |")
        if verbose:
            for text in sentences:
                result = redact_transcript([SegmentText("A", 0.0, 5.0, text)])
                if result.changed:
                    print(f"  LIST {text!r} → {result.segments[0].text!r}")

    changed, leaked = idempotence(cases + ordinary)
    per_second, segments = speed(cases + ordinary + taiga)
    print(f"\nSecond pass over the redacted dialogues: {changed} changed (goal 0); "
          f"known entities whose digits are still readable: {leaked}.")
    print(f"Speed: {per_second:,.0f} segments/s (redact_transcript, {segments:,} segments, "
          "one core).")

    goals_met = (
        entity_score.found[EntityKind.CARD] == entity_score.entities[EntityKind.CARD]
        and entity_score.found[EntityKind.PHONE] == entity_score.entities[EntityKind.PHONE]
        and found / total >= 0.95
        and false * 1000 / words < 1
        and changed == 0
    )
    print("Goals met." if goals_met else "Goals NOT met.")
    return 0 if goals_met else 1


if __name__ == "__main__":
    sys.exit(main())
