"""Tokenization of transcript text for phrase matching.

A token is a run of letters (hyphenated compounds such as «из-за», «какой-то» stay one token,
as in UD Russian and in pymorphy3's dictionary) or a number (``10``, ``1,5``, ``10:30``, and with
its ending ``3-й``, ``90-х``, as UD Russian writes them; ``2 000`` in groups of three). Numbers
said in several words («девяносто пять», «2 тысячи») are joined later, by numbers.py.
Punctuation is never a token, so it does not count towards a phrase's gap: «ждал, на линии»
is as close as «ждал на линии». Text is lowercased and «ё» is folded to «е».

Tokenizer choice — measured by ``tests/benchmarks/bench_phrases.py`` (one core; speed on the
synthetic transcript corpus, F1 of word-token spans vs UD Russian-Taiga test gold with
punctuation stripped from token edges, since punctuation is not a token here):

==========================  ============  ========
tokenizer                   tokens/s      Taiga F1
==========================  ============  ========
regex ``findall`` (matcher) ~4,000,000    0.990
regex with char spans       ~790,000      0.990
razdel 0.5                  ~275,000      0.989
nltk ToktokTokenizer        ~170,000      0.988
==========================  ============  ========

(The regex rows were 0.988 before a number kept its ending and its groups of three, «3-й»,
«2 000»; that costs the ``findall`` ~5% on the corpus, under 1% of matching. nltk's punkt-based
``word_tokenize`` needs downloaded data, unavailable offline.) Equal
accuracy on words, and the compiled regex is ~15x faster than razdel; the matcher only asks for
spans of segments that matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters with inner hyphens, or digits with inner separators. Combining marks are handled by
# fold_text (rare path) so this pattern stays a simple, fast character class.
# Digits in groups of three split by a space («2 000», «1 500 000», also with the no-break spaces
# typography puts there) are one number; «100, 200» is two.
TOKEN_PATTERN = (
    r"[^\W\d_]+(?:-[^\W\d_]+)*"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|\d+(?:[.,:]\d+)*(?:-[^\W\d_]+)?"
)
# A bracketed word in a transcript, such as the redaction placeholder «[карта]» (calls/redaction),
# is one token whose brackets stay on it, so no phrase word matches it (a phrase «карта» must not
# find a hidden card number) while it still counts towards a phrase's gap like the words it
# replaced. Phrases are parsed with TOKEN_PATTERN alone: a bracket in a phrase is punctuation.
PLACEHOLDER_PATTERN = r"\[[^\W\d_]+\]"
TOKEN_RE = re.compile(f"{PLACEHOLDER_PATTERN}|{TOKEN_PATTERN}")

NEGATION = "не"

COMBINING_RE = re.compile(r"[\u0300-\u036f]")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Lowercased, ё-folded text; ``origin[i]`` is the index in the source text of char ``i``.

    ``origin`` is None when folding kept every character in place (the common case).
    """

    text: str
    origin: tuple[int, ...] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        origin = self.origin
        return origin[start], origin[end - 1] + 1


def fold_word(word: str) -> str:
    return word.lower().replace("ё", "е")


def fold_text(text: str) -> FoldedText:
    folded = text.lower().replace("ё", "е")
    if len(folded) == len(text) and not COMBINING_RE.search(folded):
        return FoldedText(folded)
    return _fold_slow(text)


def _fold_slow(text: str) -> FoldedText:
    # Decomposed «й» (и + U+0306) and stress marks (U+0301) do occur in pasted text; compose or
    # drop them while remembering where each output char came from, for highlighting.
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.combining(char):
            if chars:
                composed = unicodedata.normalize("NFC", chars[-1] + char)
                if len(composed) == 1:
                    chars[-1] = fold_word(composed)
            continue
        lowered = char.lower()[:1].replace("ё", "е")
        chars.append(lowered)
        origin.append(index)
    return FoldedText("".join(chars), tuple(origin))


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with character spans into the original (unfolded) text."""
    folded = fold_text(text)
    tokens = []
    for found in TOKEN_RE.finditer(folded.text):
        start, end = folded.source_span(found.start(), found.end())
        tokens.append(Token(found.group(), start, end))
    return tokens
