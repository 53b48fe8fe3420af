"""Russian number words → digit groups, the way people dictate card and phone numbers.

«восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь» is five groups:
8 · 916 · 123 · 45 · 67. A group grows while each next word fills a lower slot
(thousands → hundreds → tens → units); a word whose slot is taken starts the next group, so
«сорок пять шестьдесят семь» is 45 · 67 and «четыре тысячи двести семьдесят шесть» is 4276.
«ноль» is always a group of its own (leading zeros matter in a number being dictated), and
«два нуля» is 00.

Only cardinal forms in the nominative/accusative are numbers here: ordinals («двадцать пятого»,
«третий») and oblique cases («пяти», «двумя») are how dates, times and amounts are spoken, not
how digits are dictated, so they end a group and keep ordinary speech out of the detectors.
`number-parser` (PyPI) does the same arithmetic but returns a rewritten string without word
offsets, which the placeholders and word timings need; see docs/redaction.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Slot = Literal["zero", "units", "teens", "tens", "hundreds", "thousand"]

# Folded forms (lowercase, ё → е), as `fold` makes them.
_WORDS: dict[str, tuple[Slot, int]] = {
    "ноль": ("zero", 0),
    "нуль": ("zero", 0),
    "один": ("units", 1),
    "одна": ("units", 1),
    "одно": ("units", 1),
    "одну": ("units", 1),
    "два": ("units", 2),
    "две": ("units", 2),
    "три": ("units", 3),
    "четыре": ("units", 4),
    "пять": ("units", 5),
    "шесть": ("units", 6),
    "семь": ("units", 7),
    "восемь": ("units", 8),
    "девять": ("units", 9),
    "десять": ("teens", 10),
    "одиннадцать": ("teens", 11),
    "двенадцать": ("teens", 12),
    "тринадцать": ("teens", 13),
    "четырнадцать": ("teens", 14),
    "пятнадцать": ("teens", 15),
    "шестнадцать": ("teens", 16),
    "семнадцать": ("teens", 17),
    "восемнадцать": ("teens", 18),
    "девятнадцать": ("teens", 19),
    "двадцать": ("tens", 20),
    "тридцать": ("tens", 30),
    "сорок": ("tens", 40),
    "пятьдесят": ("tens", 50),
    "шестьдесят": ("tens", 60),
    "семьдесят": ("tens", 70),
    "восемьдесят": ("tens", 80),
    "девяносто": ("tens", 90),
    "сто": ("hundreds", 100),
    "двести": ("hundreds", 200),
    "триста": ("hundreds", 300),
    "четыреста": ("hundreds", 400),
    "пятьсот": ("hundreds", 500),
    "шестьсот": ("hundreds", 600),
    "семьсот": ("hundreds", 700),
    "восемьсот": ("hundreds", 800),
    "девятьсот": ("hundreds", 900),
    "тысяча": ("thousand", 1000),
    "тысячи": ("thousand", 1000),
    "тысяч": ("thousand", 1000),
    "тысячу": ("thousand", 1000),
}

# «два нуля», «три ноля»: that many zeros.
_ZEROS_PLURAL = frozenset({"нуля", "ноля", "нулей", "нолей"})

# Which slots may follow which inside one group.
_NEXT: dict[Slot | None, frozenset[Slot]] = {
    None: frozenset({"units", "teens", "tens", "hundreds", "thousand"}),
    "thousand": frozenset({"units", "teens", "tens", "hundreds"}),
    "hundreds": frozenset({"units", "teens", "tens", "thousand"}),
    "tens": frozenset({"units", "thousand"}),
    "teens": frozenset({"thousand"}),
    "units": frozenset({"thousand"}),
    "zero": frozenset(),
}


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _agrees(count: int, thousand: str) -> bool:
    """«одна тысяча», «две тысячи», «пять тысяч»: a form that does not agree starts a new number
    («…сорок пять, тысяча двести…» is 45 · 1200, not 45 200)."""
    if count == 0:
        return thousand in ("тысяча", "тысячу")
    if 11 <= count % 100 <= 19 or count % 10 in (0, 5, 6, 7, 8, 9):
        return thousand == "тысяч"
    if count % 10 == 1:
        return thousand in ("тысяча", "тысячу")
    return thousand == "тысячи"


def is_number_word(word: str) -> bool:
    """A cardinal number word (folded) that can be part of a dictated number."""
    return word in _WORDS or word in _ZEROS_PLURAL


@dataclass(frozen=True)
class NumberGroup:
    """Consecutive tokens that make one number: `first`..`last` are indexes into the input."""

    digits: str
    first: int
    last: int


def group_tokens(tokens: list[str]) -> list[NumberGroup]:
    """Digit groups of a run of tokens, each a digit string («045») or a folded number word.

    Every token must be a digit string or satisfy `is_number_word`; a digit string stands for
    itself (Whisper's «4276»), except that «2 тысячи» is 2000 like «две тысячи».
    """
    groups: list[NumberGroup] = []
    value = 0  # the group being built, below the thousands
    thousands = 0
    slot: Slot | None = None
    first = -1

    def flush(last: int) -> None:
        nonlocal value, thousands, slot, first
        if slot is not None:
            groups.append(NumberGroup(str(thousands * 1000 + value), first, last))
        value, thousands, slot, first = 0, 0, None, -1

    for index, token in enumerate(tokens):
        if token.isdigit():
            flush(index - 1)
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            scaled = _WORDS.get(following, ("", 0))[0] == "thousand"
            if scaled and len(token) <= 3 and not token.startswith("0"):
                # «2 тысячи»: the next word scales it.
                value, slot, first = int(token), "units", index
            else:
                groups.append(NumberGroup(token, index, index))
            continue
        if token in _ZEROS_PLURAL:
            # «два нуля»: the count said just before becomes zeros; otherwise one zero.
            if slot == "units" and thousands == 0 and first == index - 1 and value >= 2:
                groups.append(NumberGroup("0" * value, first, index))
                value, thousands, slot, first = 0, 0, None, -1
            else:
                flush(index - 1)
                groups.append(NumberGroup("0", index, index))
            continue
        kind, number = _WORDS[token]
        if kind == "zero":
            flush(index - 1)
            groups.append(NumberGroup("0", index, index))
            continue
        if kind not in _NEXT[slot] or (
            kind == "thousand" and (thousands or not _agrees(value, token))
        ):
            flush(index - 1)
        if slot is None:
            first = index
        if kind == "thousand":
            thousands = value or 1
            value = 0
        else:
            value += number
        slot = kind
    flush(len(tokens) - 1)
    return groups
