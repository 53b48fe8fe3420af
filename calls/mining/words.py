"""The words a phrasing is made of: content lemmas of a text and their bigrams and trigrams."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from calls.phrases import tokenize
from calls.phrases.lemmas import top_lemma

# Lemmas that carry no topic by themselves: pronouns, prepositions, particles, politeness.
# «не», «нет», «уже», «дорого», «время» stay: they are what complaints and objections are made of.
STOP_LEMMAS = frozenset(
    "я ты вы мы он она оно они это этот тот то такой и а но да или если же ли бы вот ну как "
    "что чтобы там тут здесь так в во на с со к ко по о об у за из от до для при про же весь "
    "свой ваш наш мой твой себя быть есть ещё очень просто алло здравствуйте добрый день "
    "спасибо пожалуйста хорошо ага угу ладно понятно конечно можно давать давайте сейчас "
    "который кто где когда тоже только вообще ой э эм мм".split()
)

Lemmas = tuple[str, ...]


@lru_cache(maxsize=200_000)
def _word_lemma(word: str) -> str:
    # A month's customer talk repeats the same few thousand words: parse each once.
    return top_lemma(word)


def content_words(text: str, *, skip: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """(lemma, surface word) of the words that carry meaning, in order; words inside `skip`
    (a character span) are left out."""
    words = []
    for token in tokenize(text):
        if skip is not None and token.start >= skip[0] and token.end <= skip[1]:
            continue
        if token.text[:1].isdigit():
            continue
        lemma = _word_lemma(token.text)
        if lemma in STOP_LEMMAS or len(lemma) < 2:
            continue
        words.append((lemma, text[token.start : token.end].lower()))
    return words


def ngrams(words: list[tuple[str, str]]) -> Iterable[tuple[Lemmas, str]]:
    """Bigrams and trigrams of content words: (lemmas, surface words joined by spaces)."""
    for size in (2, 3):
        for offset in range(len(words) - size + 1):
            part = words[offset : offset + size]
            lemmas = tuple(lemma for lemma, _surface in part)
            if len(set(lemmas)) == size:
                yield lemmas, " ".join(surface for _lemma, surface in part)


def jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 0.0
