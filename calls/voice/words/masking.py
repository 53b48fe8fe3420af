"""Profanity masked for display: «блин» stays, «б***» is shown for a word of the profanity list.

The stored transcript keeps what was said (search, re-analysis and the emotion step need it);
every page and export that shows cue text passes it through `mask_profanity` (the template
filter `mask_profanity`, calls/templatetags/voice_words.py). Every word of every profanity cue is
masked wherever it appears, said by anyone, negated or not — masking is about what a reader
sees, not about the customer's mood, so the engine's negation rule does not apply here.
"""

from __future__ import annotations

import threading

from calls.models import Cue, CueKind
from calls.phrases import WordSpec, candidate_lemmas, lemmatize_phrase
from calls.phrases.rules import PhraseSyntaxError
from calls.phrases.tokens import fold_word, tokenize
from calls.voice.words.cue_sets import cue_stamp

MASK = "***"

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], tuple[WordSpec, ...]] | None = None


def profanity_words() -> tuple[WordSpec, ...]:
    """The words of the active profanity cues, rebuilt when the cue lists change."""
    global _cached
    stamp = cue_stamp()
    current = _cached
    if current is not None and current[0] == stamp:
        return current[1]
    words: list[WordSpec] = []
    for text in Cue.objects.active().filter(cue_list__kind=CueKind.PROFANITY).values_list(
        "text", flat=True
    ):
        try:
            words.extend(lemmatize_phrase(text))
        except PhraseSyntaxError:
            continue
    with _lock:
        _cached = (stamp, tuple(words))
    return _cached[1]


def mask_word(word: str) -> str:
    return word[:1] + MASK


def mask_all_words(text: str) -> str:
    """A profanity cue's own text, shown masked word by word (switched off or not)."""
    parts: list[str] = []
    cursor = 0
    for token in tokenize(text):
        parts.append(text[cursor:token.start])
        parts.append(mask_word(text[token.start:token.end]))
        cursor = token.end
    parts.append(text[cursor:].replace("*", ""))
    return "".join(parts)


def mask_profanity(text: str, *, words: tuple[WordSpec, ...] | None = None) -> str:
    """`text` with each profane word replaced by its first letter and «***»."""
    if not text:
        return text
    words = profanity_words() if words is None else words
    if not words:
        return text
    parts: list[str] = []
    cursor = 0
    for token in tokenize(text):
        folded = fold_word(token.text)
        lemmas = candidate_lemmas(folded)
        if any(word.matches(folded, lemmas) for word in words):
            parts.append(text[cursor:token.start])
            parts.append(mask_word(text[token.start:token.end]))
            cursor = token.end
    parts.append(text[cursor:])
    return "".join(parts)
