"""Repeated questions: the customer asks again what they already asked, in other words.

A customer segment is a question when it has «?» or opens with a question word. Two questions are
the same when the share of the shorter one's content words (not stop words; the project's
lemmatizer: two words are one when their candidate lemmas intersect) found in the other reaches
REPEAT_OVERLAP.
"""

from __future__ import annotations

from collections.abc import Sequence

from calls.phrases import SegmentText, candidate_lemmas
from calls.phrases.tokens import fold_word, tokenize

REPEAT_OVERLAP = 0.6
MIN_CONTENT_WORDS = 2

QUESTION_WORDS = frozenset({
    "как", "почему", "когда", "что", "где", "сколько", "зачем", "куда", "откуда", "какой",
    "каким", "какая", "какие", "чего", "кто", "ли", "разве", "неужели",
})
# Words that say nothing of what is asked: pronouns, particles, prepositions, fillers.
STOP_WORDS = frozenset("""
а и но да нет не ну вот это этот то же ли бы в во на с со к ко по о об у за из от до для при я
мы вы он она они мне меня мой ваш вас вам нам нас там тут здесь так уже еще все всё как что
почему когда где сколько зачем куда какой кто чего скажите подскажите пожалуйста можно быть
есть который опять снова раз просто вообще слушайте
""".split())


def is_question(text: str) -> bool:
    if "?" in text:
        return True
    tokens = tokenize(text)
    return bool(tokens) and fold_word(tokens[0].text) in QUESTION_WORDS


def content_lemmas(text: str) -> list[frozenset[str]]:
    return [
        candidate_lemmas(token.text)
        for token in tokenize(text)
        if fold_word(token.text) not in STOP_WORDS
    ]


def overlap(first: list[frozenset[str]], second: list[frozenset[str]]) -> float:
    """Share of the shorter question's content words found in the other."""
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) < MIN_CONTENT_WORDS:
        return 0.0
    found = sum(1 for word in shorter if any(not word.isdisjoint(other) for other in longer))
    return found / len(shorter)


def repeated_questions(segments: Sequence[SegmentText]) -> dict[int, int]:
    """Index of a customer question → index of the earlier customer question it repeats."""
    earlier: list[tuple[int, list[frozenset[str]]]] = []
    repeats: dict[int, int] = {}
    for index, segment in enumerate(segments):
        if segment.speaker != "customer" or not is_question(segment.text):
            continue
        lemmas = content_lemmas(segment.text)
        for previous_index, previous in earlier:
            if overlap(lemmas, previous) >= REPEAT_OVERLAP:
                repeats[index] = previous_index
                break
        earlier.append((index, lemmas))
    return repeats
