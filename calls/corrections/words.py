"""A corrected segment's words and their times: aligned with what the recognizer heard.

The phrase engine times evidence from word timings (calls/phrases/timing.py) and the redaction
cuts text at words (calls/redaction/transcript.py); both need the words to spell the text in
order. A correction keeps the recognizer's timing for every word it left unchanged (compared as
lower-case, ё-folded words without punctuation, so «Алло» → «алло,» keeps its time) and gives the
words it changed or added the seconds of the words they replace, shared evenly, marked
`"estimated": true` and without a probability; a word added where nothing was heard gets the
moment between its neighbours.
"""

from __future__ import annotations

import difflib
import re

from calls.phrases.tokens import fold_word

_EDGE_PUNCTUATION = re.compile(r"^[^\w\[\]]+|[^\w\[\]]+$")


def normalised_word(word: str) -> str:
    """A word as alignment compares it: lower case, ё as е, no punctuation at its edges."""
    return fold_word(_EDGE_PUNCTUATION.sub("", word))


def split_words(text: str) -> list[str]:
    return text.split()


def realign_words(heard: list[dict] | None, text: str, *, start: float) -> list[dict] | None:
    """Words with times for `text`, given the recognizer's timed words `heard` (None: none)."""
    if not heard:
        return None
    written = split_words(text)
    matcher = difflib.SequenceMatcher(
        None, [normalised_word(str(w.get("word", ""))) for w in heard],
        [normalised_word(word) for word in written], autojunk=False,
    )
    result: list[dict] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend({**heard[i], "word": written[j]}
                          for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag in ("replace", "insert"):
            if i1 < i2:
                span_start = _seconds(heard[i1].get("start"), start)
                span_end = _seconds(heard[i2 - 1].get("end"), span_start)
            else:
                # Nothing was heard here: the moment between the neighbouring words.
                neighbour = heard[i1 - 1].get("end") if i1 else heard[0].get("start")
                span_start = _seconds(neighbour, start)
                span_end = span_start
            result.extend(_spread(written[j1:j2], span_start, max(span_start, span_end)))
        # "delete": the recognizer's words the person removed have no place in the text.
    return result


def _spread(words: list[str], start: float, end: float) -> list[dict]:
    step = (end - start) / len(words)
    return [
        {"start": round(start + step * n, 3), "end": round(start + step * (n + 1), 3),
         "word": word, "estimated": True}
        for n, word in enumerate(words)
    ]


def _seconds(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
