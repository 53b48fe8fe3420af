"""How often the recognizer is wrong on a line, measured against people's corrections.

The corrected text is the reference and the recognizer's text the hypothesis, word by word
(lower-case, ё-folded, without edge punctuation: calls/corrections/words.py). Only corrected
segments count, so this is the error rate of what people found worth correcting, an upper bound
of the line's word error rate rather than its estimate; the segments nobody corrected may be
right or unread.
"""

from __future__ import annotations

from dataclasses import dataclass

from calls.corrections.words import normalised_word, split_words
from calls.models import Line, Segment


@dataclass(frozen=True)
class RecognizerErrors:
    word_errors: int  # substitutions + deletions + insertions
    reference_words: int  # words of the corrected text
    segments: int
    call_ids: tuple[int, ...]

    @property
    def wer(self) -> float | None:
        return self.word_errors / self.reference_words if self.reference_words else None

    @property
    def wer_percent(self) -> float | None:
        wer = self.wer
        return None if wer is None else round(wer * 100, 1)


def word_errors(reference: list[str], hypothesis: list[str]) -> int:
    """The word-level edit distance (Levenshtein over words, each edit costs 1)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ref_word != hyp_word)))
        previous = current
    return previous[-1]


def recognizer_errors(*, line: Line | int) -> RecognizerErrors:
    """Word errors of the recognizer in the line's corrected segments."""
    errors = words = segments = 0
    call_ids: set[int] = set()
    rows = (Segment.objects.filter(call__line=line, corrected_at__isnull=False)
            .values_list("call_id", "recognized_text", "text"))
    for call_id, recognized, corrected in rows.iterator(chunk_size=2000):
        reference = [w for w in map(normalised_word, split_words(corrected)) if w]
        hypothesis = [w for w in map(normalised_word, split_words(recognized)) if w]
        errors += word_errors(reference, hypothesis)
        words += len(reference)
        segments += 1
        call_ids.add(call_id)
    return RecognizerErrors(word_errors=errors, reference_words=words, segments=segments,
                            call_ids=tuple(sorted(call_ids)))
