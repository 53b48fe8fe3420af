"""Phrase rules as trainers write them, and their parsed form.

Phrase syntax:

* plain word — matches any form of the word (candidate lemma sets intersect, see lemmas.py);
* ``"ждал"`` or ``«ждал»`` — exactly this form (after lowercasing and ё → е); quotes may span
  several words, each of which is then exact;
* ``промокод*`` — any token starting with ``промокод`` (surface form, at least 2 characters
  before the star); inside quotes as well;
* a number is one word, compared by value, however it is written in the phrase and in the
  transcript: «90» = «девяносто», «2000» = «2 000» = «две тысячи», «полторы тысячи» = 1500; a
  cardinal in any case («двух» = «2»), an ordinal in any form («третьего» = «3-й» = «3-го»); a
  cardinal word is not an ordinal one («три» ≠ «третий», «3-й»), but bare digits are either
  («3» = «три» = «третий»: «в 2024 году», «5 числа»). Quotes do not make a number exact. A number
  said in several words is one word of the transcript too («девяносто пять» is 95, never
  «девяносто» with «пять» skipped as a gap), see numbers.py;
* punctuation other than quotes and the star is ignored, exactly as in transcripts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

from calls.phrases.lemmas import candidate_lemmas
from calls.phrases.numbers import joined_numbers, joined_text, number_readings
from calls.phrases.tokens import NEGATION, TOKEN_PATTERN, fold_text
from project.russian import plural

RuleSpeaker = Literal["customer", "operator", "any"]
WindowEdge = Literal["first", "last"]
Window = tuple[WindowEdge, float]
WordKind = Literal["lemma", "exact", "prefix"]

SPEAKERS: frozenset[str] = frozenset({"customer", "operator", "any"})
MAX_GAP_LIMIT = 10
MIN_PREFIX_LENGTH = 2

_QUOTE_PAIRS = {'"': '"', "«": "»", "“": "”"}
_PHRASE_RE = re.compile(
    rf"(?P<word>{TOKEN_PATTERN})(?:(?P<star>\*)(?P<glued>\w?))?|(?P<quote>[\"«»“”])|(?P<star2>\*)"
)


class PhraseSyntaxError(ValueError):
    """A phrase or rule that cannot be compiled; the message is in Russian and English."""


@dataclass(frozen=True, slots=True)
class PhraseRule:
    key: Hashable
    text: str
    speaker: RuleSpeaker = "any"
    max_gap: int = 1
    window: Window | None = None


@dataclass(frozen=True, slots=True)
class WordSpec:
    """One phrase word. ``text`` is the folded surface form (the prefix for kind "prefix")."""

    kind: WordKind
    text: str
    lemmas: frozenset[str] = frozenset()

    def matches(self, token: str, token_lemmas: frozenset[str]) -> bool:
        if self.kind == "lemma":
            return not self.lemmas.isdisjoint(token_lemmas)
        if self.kind == "exact":
            return token == self.text
        return token.startswith(self.text)


def lemmatize_phrase(text: str) -> tuple[WordSpec, ...]:
    """Parse a phrase into word specs; raises PhraseSyntaxError on empty or malformed input."""
    if not text or not text.strip():
        raise PhraseSyntaxError("Пустая фраза / empty phrase")
    words: list[WordSpec] = []
    open_quote: str | None = None
    quoted_words = 0
    for found in _PHRASE_RE.finditer(fold_text(text).text):
        quote = found.group("quote")
        if quote is not None:
            if open_quote is None and quote in _QUOTE_PAIRS:
                open_quote, quoted_words = quote, 0
            elif open_quote is not None and quote == _QUOTE_PAIRS[open_quote]:
                if not quoted_words:
                    raise _error("Пустые кавычки", "empty quotes", text)
                open_quote = None
            elif open_quote is None:
                raise _error("Закрывающая кавычка без открывающей", "unopened quote", text)
            else:
                raise _error("Вложенные или несовпадающие кавычки", "mismatched quotes", text)
            continue
        if found.group("star2") is not None:
            raise _error("«*» должна стоять сразу после слова", "'*' must follow a word", text)
        word = found.group("word")
        if found.group("star") and found.group("glued"):
            raise _error("«*» бывает только в конце слова", "'*' must end a word", text)
        if found.group("star"):
            if len(word) < MIN_PREFIX_LENGTH:
                raise _error(
                    f"Префикс короче {plural(MIN_PREFIX_LENGTH, 'буквы,букв,букв')}",
                    f"prefix shorter than {MIN_PREFIX_LENGTH} characters",
                    text,
                )
            words.append(WordSpec("prefix", word))
        elif open_quote is not None and number_readings(word) is None:
            words.append(WordSpec("exact", word))
        else:
            words.append(WordSpec("lemma", word, candidate_lemmas(word)))
        quoted_words += 1
    if open_quote is not None:
        raise _error("Незакрытая кавычка", "unclosed quote", text)
    if not words:
        raise _error("Во фразе нет ни одного слова", "phrase has no words", text)
    return _join_numbers(words)


def _join_numbers(words: list[WordSpec]) -> tuple[WordSpec, ...]:
    """A number of several words («девяносто пять», «2 000») is one phrase word, as in transcripts.
    A prefix word («20*») is never part of one."""
    texts = [word.text if word.kind == "lemma" else "*" for word in words]
    groups = joined_numbers(texts)
    if not groups:
        return tuple(words)
    joined: list[WordSpec] = []
    cursor = 0
    for group in groups:
        joined.extend(words[cursor:group.first])
        text = joined_text(texts, group)
        joined.append(WordSpec("lemma", text, candidate_lemmas(text)))
        cursor = group.last + 1
    joined.extend(words[cursor:])
    return tuple(joined)


def _error(russian: str, english: str, text: str) -> PhraseSyntaxError:
    return PhraseSyntaxError(f"{russian}: {text!r} / {english}: {text!r}")


def has_own_negation(words: tuple[WordSpec, ...]) -> bool:
    """True when some phrase word matches the token «не» (the negation guard is then off)."""
    negation_lemmas = candidate_lemmas(NEGATION)
    return any(word.matches(NEGATION, negation_lemmas) for word in words)


def validate_rule(rule: PhraseRule) -> tuple[WordSpec, ...]:
    """Check the rule's settings and parse its phrase; errors name the rule's key."""
    try:
        _check_options(rule)
        return lemmatize_phrase(rule.text)
    except PhraseSyntaxError as error:
        raise PhraseSyntaxError(f"{error} [rule {rule.key!r}]") from None


def _check_options(rule: PhraseRule) -> None:
    if rule.speaker not in SPEAKERS:
        raise PhraseSyntaxError(
            f"Неизвестный говорящий {rule.speaker!r} (нужно customer/operator/any) / "
            f"unknown speaker {rule.speaker!r}"
        )
    if (
        isinstance(rule.max_gap, bool)
        or not isinstance(rule.max_gap, int)
        or not 0 <= rule.max_gap <= MAX_GAP_LIMIT
    ):
        raise PhraseSyntaxError(
            f"max_gap должен быть целым от 0 до {MAX_GAP_LIMIT}: {rule.max_gap!r} / "
            f"max_gap must be an integer from 0 to {MAX_GAP_LIMIT}"
        )
    if rule.window is not None:
        kind, seconds = _window_parts(rule.window)
        if kind not in ("first", "last") or not (math.isfinite(seconds) and seconds > 0):
            raise PhraseSyntaxError(
                f"Окно должно быть ('first'|'last', секунды > 0): {rule.window!r} / "
                f"window must be ('first'|'last', seconds > 0)"
            )


def _window_parts(window: object) -> tuple[object, float]:
    if isinstance(window, tuple) and len(window) == 2 and isinstance(window[1], int | float):
        return window[0], float(window[1])
    return None, math.nan
