"""Numbers however they are said or written: one reader for the phrase engine and the redaction.

People say «девяносто пять», Whisper writes «95», a trainer writes either. A *number* is one or
more consecutive tokens read as one value:

* digits — «95», «1,5», «2 000» (one token, tokens.py), «2 тысячи», «1,5 тысячи», «тысяча 200»;
* number words in any case — «девяносто пять», «девяноста пяти», «двух тысяч», «полторы тысячи»
  (1500), «миллион»; a group grows while each next word fills a lower slot (millions → thousands
  → hundreds → tens → units), so «сорок пять шестьдесят семь» is 45 · 67;
* ordinals — «третий», «третьего», «двадцать пятом» (an ordinal word ends the number it closes),
  «3-й», «25-го», «90-х».

A number's *readings* are its value as a cardinal («95», «1,5») and/or as an ordinal («3-й»). Words
have one kind: «три», «двух» read 3, «третий», «третьего» read 3-й, so «третий раз» is not «три
раза». Digits with an ending have the ending's kind («3-й» ordinal, «5-ти» cardinal, «2-х»
either). Bare digits read both: Russian writes ordinals as bare digits in dates and years, and so
does Whisper («в 2024 году», «до 5 числа», «3 раз звоню» for «третий раз звоню»).

In the phrase engine a number of several tokens is *one* token (`read_tokens`) whose text is its
words joined by a space («девяносто пять», «2 тысячи»; only digits in threes, «2 000», have a
space of their own), and every number token's candidate lemmas are its readings
(`number_readings`), so «90» = «девяносто» and «девяносто пять» is 95, never 90 with «пять»
skipped as a gap.

The redaction reads numbers *as dictated* (``dictated=True``): only nominative/accusative cardinal
forms, digit strings stand for themselves («0045»), «ноль» is a group of its own and «два нуля» is
00, and a «тысяча» that does not agree with its count starts the next number («…сорок пять, тысяча
двести…» is 45 · 1200). Ordinals and oblique cases are how dates, times and amounts are spoken, not
how card and phone digits are dictated, so there they end a group and keep ordinary speech out of
the detectors.

Libraries tried (docs/redaction.md): `number-parser` 0.3.2 and `words2num2` 0.4.11 (PyPI) do the
arithmetic but return a rewritten string without word offsets, which highlighting, placeholders
and word timings need; neither reads Russian ordinals or «полторы тысячи», and both make «сорок
пять тысяча двести» 45200. pymorphy3 (already the engine's lemmatizer) supplies every case
form of the number words here, so the tables below list only the dictionary forms.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from calls.phrases.tokens import Token, tokenize

Slot = Literal["zero", "units", "teens", "tens", "hundreds", "scale", "digits"]
Value = int | Fraction

ORDINAL_MARK = "-й"


@dataclass(frozen=True, slots=True)
class NumberWord:
    slot: Slot
    value: Value
    ordinal: bool = False
    # A nominative/accusative cardinal form, the way card and phone numbers are dictated.
    dictated: bool = False


# Forms people dictate digits with (folded: lowercase, ё → е). Also the only forms the thousand
# agreement (`_agrees`) is checked on.
_DICTATED_SLOTS: dict[str, tuple[Slot, int]] = {
    "ноль": ("zero", 0), "нуль": ("zero", 0),
    "один": ("units", 1), "одна": ("units", 1), "одно": ("units", 1), "одну": ("units", 1),
    "два": ("units", 2), "две": ("units", 2), "три": ("units", 3), "четыре": ("units", 4),
    "пять": ("units", 5), "шесть": ("units", 6), "семь": ("units", 7),
    "восемь": ("units", 8), "девять": ("units", 9),
    "десять": ("teens", 10), "одиннадцать": ("teens", 11), "двенадцать": ("teens", 12),
    "тринадцать": ("teens", 13), "четырнадцать": ("teens", 14),
    "пятнадцать": ("teens", 15), "шестнадцать": ("teens", 16),
    "семнадцать": ("teens", 17), "восемнадцать": ("teens", 18),
    "девятнадцать": ("teens", 19),
    "двадцать": ("tens", 20), "тридцать": ("tens", 30), "сорок": ("tens", 40),
    "пятьдесят": ("tens", 50), "шестьдесят": ("tens", 60), "семьдесят": ("tens", 70),
    "восемьдесят": ("tens", 80), "девяносто": ("tens", 90),
    "сто": ("hundreds", 100), "двести": ("hundreds", 200), "триста": ("hundreds", 300),
    "четыреста": ("hundreds", 400), "пятьсот": ("hundreds", 500),
    "шестьсот": ("hundreds", 600), "семьсот": ("hundreds", 700),
    "восемьсот": ("hundreds", 800), "девятьсот": ("hundreds", 900),
    "тысяча": ("scale", 1000), "тысячи": ("scale", 1000), "тысяч": ("scale", 1000),
    "тысячу": ("scale", 1000),
}
_DICTATED: dict[str, NumberWord] = {
    word: NumberWord(slot, value, dictated=True) for word, (slot, value) in _DICTATED_SLOTS.items()
}
# «два нуля», «три ноля»: that many zeros, when dictated.
_ZEROS_PLURAL = frozenset({"нуля", "ноля", "нулей", "нолей"})

# Dictionary forms whose every case form (pymorphy3's lexeme) is a number in the phrase engine.
_CARDINAL_LEMMAS: dict[str, tuple[Slot, Value]] = {
    **_DICTATED_SLOTS,
    "полтора": ("units", Fraction(3, 2)),
    "двое": ("units", 2), "трое": ("units", 3), "четверо": ("units", 4), "пятеро": ("units", 5),
    "шестеро": ("units", 6), "семеро": ("units", 7),
    "миллион": ("scale", 10**6), "миллиард": ("scale", 10**9),
}
_ORDINAL_LEMMAS: dict[str, tuple[Slot, int]] = {
    "нулевой": ("zero", 0), "первый": ("units", 1), "второй": ("units", 2),
    "третий": ("units", 3), "четвертый": ("units", 4), "пятый": ("units", 5),
    "шестой": ("units", 6), "седьмой": ("units", 7), "восьмой": ("units", 8),
    "девятый": ("units", 9), "десятый": ("teens", 10), "одиннадцатый": ("teens", 11),
    "двенадцатый": ("teens", 12), "тринадцатый": ("teens", 13),
    "четырнадцатый": ("teens", 14), "пятнадцатый": ("teens", 15),
    "шестнадцатый": ("teens", 16), "семнадцатый": ("teens", 17),
    "восемнадцатый": ("teens", 18), "девятнадцатый": ("teens", 19),
    "двадцатый": ("tens", 20), "тридцатый": ("tens", 30), "сороковой": ("tens", 40),
    "пятидесятый": ("tens", 50), "шестидесятый": ("tens", 60), "семидесятый": ("tens", 70),
    "восьмидесятый": ("tens", 80), "девяностый": ("tens", 90), "сотый": ("hundreds", 100),
    "двухсотый": ("hundreds", 200), "трехсотый": ("hundreds", 300),
    "четырехсотый": ("hundreds", 400), "пятисотый": ("hundreds", 500),
    "шестисотый": ("hundreds", 600), "семисотый": ("hundreds", 700),
    "восьмисотый": ("hundreds", 800), "девятисотый": ("hundreds", 900),
    "тысячный": ("scale", 1000), "миллионный": ("scale", 10**6),
}
# Case forms far more often another word: «семью» is the family («за семью»), not «с семью».
_NOT_NUMBERS = frozenset({"семью"})

# Which slots may follow which inside one number ("scale" is thousand, million …: a smaller scale
# may follow a larger one, checked apart).
_NEXT: dict[Slot | None, frozenset[Slot]] = {
    None: frozenset({"units", "teens", "tens", "hundreds", "scale", "digits"}),
    "scale": frozenset({"units", "teens", "tens", "hundreds", "scale", "digits"}),
    "hundreds": frozenset({"units", "teens", "tens", "scale"}),
    "tens": frozenset({"units", "scale"}),
    "teens": frozenset({"scale"}),
    "units": frozenset({"scale"}),
    "digits": frozenset({"scale"}),
    "zero": frozenset(),
}

# «25-го», «3-й», «90-х», «5-ти»: what the ending after the hyphen makes of the digits.
_ORDINAL_ENDINGS = frozenset(
    "й я е го му ой ий ый ая ое ые ого ому ым ом ых ую ее ей".split()
)
_CARDINAL_ENDINGS = frozenset("ти ух ех ми".split())
_EITHER_ENDINGS = frozenset("х м ю".split())  # «2-х» двух / «90-х» девяностых; «2-м», «5-ю»
_DIGITS_RE = re.compile(r"(\d+)(?:,(\d+))?(?:-([^\W\d_]+))?")
_GROUPED_RE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+")  # «2 000», one token (tokens.py)

_lock = threading.Lock()
_lexicon: dict[str, NumberWord] | None = None


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def lexicon() -> dict[str, NumberWord]:
    """Every case form of the number words, built once per process from pymorphy3's lexemes."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _build_lexicon()
    return _lexicon


def _build_lexicon() -> dict[str, NumberWord]:
    from calls.phrases.lemmas import parses

    found: dict[str, NumberWord] = {}
    lemmas = [(word, slot, value, False) for word, (slot, value) in _CARDINAL_LEMMAS.items()]
    lemmas += [(word, slot, value, True) for word, (slot, value) in _ORDINAL_LEMMAS.items()]
    for lemma, slot, value, ordinal in lemmas:
        entry = NumberWord(slot, value, ordinal)
        for parse in parses(lemma):
            if fold(parse.normal_form) != fold(parse.word) or "Abbr" in parse.tag:
                continue  # «сто» is also the abbreviation СТО
            for form in parse.lexeme:
                word = fold(form.word)
                if word not in _NOT_NUMBERS and "Supr" not in form.tag and "Cmp2" not in form.tag:
                    found.setdefault(word, entry)
            break
        found.setdefault(lemma, entry)
    found.update(_DICTATED)
    return found


def number_text(value: Value, ordinal: bool = False) -> str:
    """The canonical writing of a number: «95», «1,5», «3-й»."""
    if isinstance(value, Fraction) and value.denominator != 1:
        whole, rest = divmod(value, 1)
        decimals = ""
        while rest and len(decimals) < 6:
            rest *= 10
            digit, rest = divmod(rest, 1)
            decimals += str(digit)
        text = f"{whole},{decimals}"
    else:
        text = str(int(value))
    return text + ORDINAL_MARK if ordinal else text


def number_readings(word: str) -> frozenset[str] | None:
    """Readings of one folded token, or None when it is not a number.

    «девяносто» → {90}; «третьего», «3-го» → {3-й}; «3», «2-х» → {3, 3-й}, {2, 2-й};
    «0045», «10:30» → themselves; a joined token «девяносто пять» → {95}.
    """
    if _GROUPED_RE.fullmatch(word):
        text = str(_grouped_value(word))
        return frozenset((text, text + ORDINAL_MARK))
    if " " in word:
        groups = read_numbers(word.split(" "))
        if len(groups) != 1 or groups[0].last - groups[0].first != word.count(" "):
            return None
        return groups[0].readings
    if word[:1].isdecimal():
        found = _DIGITS_RE.fullmatch(word)
        if found is None:
            return frozenset((word,))
        whole, decimals, ending = found.groups()
        if decimals is None and ending is None:
            if word[0] == "0" and word != "0":
                return frozenset((word,))  # «0045»: digits as dictated, not a value
            text = str(int(word))
            return frozenset((text, text + ORDINAL_MARK))
        value = _digits_value(whole, decimals)
        if ending is None:
            return frozenset((number_text(value),))
        if decimals is not None or ending not in _READ_ENDINGS:
            return frozenset((word,))
        readings = set()
        if ending not in _ORDINAL_ENDINGS:
            readings.add(number_text(value))
        if ending not in _CARDINAL_ENDINGS:
            readings.add(number_text(value, ordinal=True))
        return frozenset(readings)
    entry = lexicon().get(word)
    if entry is None:
        return None
    return frozenset((number_text(entry.value, entry.ordinal),))


_READ_ENDINGS = _ORDINAL_ENDINGS | _CARDINAL_ENDINGS | _EITHER_ENDINGS


def _grouped_value(word: str) -> int:
    return int("".join(char for char in word if char.isdecimal()))


def _digits_value(whole: str, decimals: str | None) -> Value:
    if decimals is None:
        return int(whole)
    return Fraction(int(whole + decimals), 10 ** len(decimals))


def is_number_word(word: str) -> bool:
    """A cardinal number word (folded) as numbers are dictated."""
    return word in _DICTATED or word in _ZEROS_PLURAL


def joins_numbers(word: str) -> bool:
    """A token that may be part of a number of several tokens (a number word, plain digits)."""
    if word[:1].isdecimal():
        found = _DIGITS_RE.fullmatch(word)
        return (found is not None and found.group(3) is None) or bool(_GROUPED_RE.fullmatch(word))
    return word in lexicon()


@dataclass(frozen=True, slots=True)
class NumberGroup:
    """Consecutive tokens that make one number: ``first``..``last`` are indexes into the input.

    ``text`` is the number's canonical writing («2000», «1,5», «25-й»); dictated numbers keep
    their leading zeros («0045», «00»). ``readings`` are what it matches in phrases (see
    `number_readings`).
    """

    text: str
    first: int
    last: int
    readings: frozenset[str] = frozenset()

    @property
    def digits(self) -> str:
        """The redaction's name for ``text``: a dictated number is its digits."""
        return self.text


class _Reader:
    """One pass over tokens; see read_numbers."""

    def __init__(self, tokens: Sequence[str], dictated: bool) -> None:
        self.tokens = tokens
        self.dictated = dictated
        self.words = _DICTATED if dictated else lexicon()
        self.groups: list[NumberGroup] = []
        self._reset()

    def _reset(self) -> None:
        self.first = -1
        self.total: Value = 0  # millions, thousands … already complete
        self.small: Value = 0  # the part below the last scale
        self.slot: Slot | None = None
        self.scale = 0  # the last scale said (0: none yet)
        self.agreeing = True  # every count word so far is a dictated form (agreement applies)
        self.worded = False  # some token is a word (its kind is known)

    def flush(self, last: int, ordinal: bool = False) -> None:
        if self.slot is not None:
            value = self.total + self.small
            text = number_text(value, ordinal)
            readings = {text}
            if not self.worded and isinstance(value, int):
                readings.add(text + ORDINAL_MARK)  # bare digits: either kind
            self.groups.append(NumberGroup(text, self.first, last, frozenset(readings)))
        self._reset()

    def single(self, text: str, index: int) -> None:
        self.flush(index - 1)
        self.groups.append(
            NumberGroup(text, index, index, number_readings(text) or frozenset((text,)))
        )

    def read(self) -> list[NumberGroup]:
        for index, token in enumerate(self.tokens):
            if token[:1].isdecimal():
                self.digits(index, token)
            elif token in _ZEROS_PLURAL and self.dictated:
                self.zeros(index)
            elif token in self.words:
                self.word(index, token, self.words[token])
            else:
                self.flush(index - 1)
        self.flush(len(self.tokens) - 1)
        return self.groups

    def _scaled_next(self, index: int) -> bool:
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else ""
        entry = self.words.get(following)
        return entry is not None and entry.slot == "scale" and not entry.ordinal

    def digits(self, index: int, token: str) -> None:
        if self.dictated:
            # Digits stand for themselves («0045»), except that «2 тысячи» is 2000.
            self.flush(index - 1)
            scaled = self._scaled_next(index) and token.isdecimal() and token[0] != "0"
            if scaled and len(token) <= 3:
                self.small, self.slot, self.first = int(token), "digits", index
            else:
                self.groups.append(NumberGroup(token, index, index, frozenset((token,))))
            return
        value: Value
        if _GROUPED_RE.fullmatch(token):
            value, plain = _grouped_value(token), True  # «2 000»
        else:
            found = _DIGITS_RE.fullmatch(token)
            if found is None or found.group(3) is not None or (token[0] == "0" and token != "0"):
                self.single(token, index)  # «10:30», «25-го», «0045»: one token, read on its own
                return
            value = _digits_value(found.group(1), found.group(2))
            plain = found.group(2) is None
        if self.slot == "scale" and plain and value < self.scale:
            self.small, self.slot = value, "digits"  # «тысяча 200»
            return
        self.flush(index - 1)
        self.small, self.slot, self.first, self.agreeing = value, "digits", index, False

    def zeros(self, index: int) -> None:
        # «два нуля»: the count said just before becomes zeros; otherwise one zero.
        if (self.slot == "units" and self.total == 0 and self.first == index - 1
                and self.small >= 2):
            zeros = "0" * int(self.small)
            self.groups.append(NumberGroup(zeros, self.first, index, frozenset((zeros,))))
            self._reset()
        else:
            self.single("0", index)

    def word(self, index: int, token: str, entry: NumberWord) -> None:
        if entry.slot == "zero":
            self.flush(index - 1)
            zero = number_text(0, entry.ordinal)
            self.groups.append(NumberGroup(zero, index, index, frozenset((zero,))))
            return
        if not self._fits(token, entry):
            self.flush(index - 1)
        if self.slot is None:
            self.first = index
        self.worded = True
        if entry.slot == "scale":
            self.total += (self.small or 1) * entry.value
            self.small = 0
            self.scale = int(entry.value)
        else:
            self.small += entry.value
        self.slot = entry.slot
        self.agreeing = self.agreeing and entry.dictated
        if entry.ordinal:
            self.flush(index, ordinal=True)

    def _fits(self, token: str, entry: NumberWord) -> bool:
        if entry.slot not in _NEXT[self.slot]:
            return False
        if isinstance(entry.value, Fraction) and self.slot is not None:
            return False  # «полтора» starts a number
        if isinstance(self.small, Fraction) and entry.slot != "scale":
            return False
        if entry.slot != "scale":
            return True
        if self.scale and entry.value >= self.scale:
            return False
        # «одна тысяча», «две тысячи», «пять тысяч»: a dictated form that does not agree starts
        # a new number.
        if self.agreeing and entry.dictated and self.slot is not None:
            return _agrees(int(self.small), token)
        return True


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


def read_numbers(tokens: Sequence[str], *, dictated: bool = False) -> list[NumberGroup]:
    """The numbers in a run of folded tokens, in order; tokens that are no number are skipped.

    ``dictated`` reads them as digits are dictated (the redaction): see the module docstring.
    """
    return _Reader(tokens, dictated).read()


def joined_numbers(tokens: Sequence[str]) -> list[NumberGroup]:
    """The numbers of more than one token («девяносто пять», «2 000», «двадцать пятого»)."""
    return [group for group in read_numbers(tokens) if group.last > group.first]


def joined_text(words: Sequence[str], group: NumberGroup) -> str:
    """The one token a number of several tokens becomes: its words joined by a space."""
    return " ".join(words[group.first:group.last + 1])


def read_tokens(text: str) -> list[Token]:
    """The phrase engine's tokens of ``text``: `tokenize`'s, with every number of several tokens
    joined into one token (`joined_text`) whose span covers its words."""
    tokens = tokenize(text)
    words = [token.text for token in tokens]
    groups = joined_numbers(words)
    if not groups:
        return tokens
    joined: list[Token] = []
    cursor = 0
    for group in groups:
        joined.extend(tokens[cursor:group.first])
        start, end = tokens[group.first].start, tokens[group.last].end
        joined.append(Token(joined_text(words, group), start, end))
        cursor = group.last + 1
    joined.extend(tokens[cursor:])
    return joined
