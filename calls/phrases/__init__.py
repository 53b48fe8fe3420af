"""Russian phrase engine: match trainer-written phrases in transcript segments.

Pure Python (pymorphy3 for lemmas), no Django. Typical use::

    from calls.phrases import PhraseRule, SegmentText, compile_rules

    matcher = compile_rules([PhraseRule(key=("tag", 17), text="ждал на линии", speaker="customer")])
    matcher.match([SegmentText("customer", 0.0, 3.2, "Я ждала на линии полчаса")], 120.0)

Semantics are documented in reference.py (the executable specification), phrase syntax in
rules.py, tokenization in tokens.py, numbers said or written (one reader, shared with the
redaction) in numbers.py, lemma policy in lemmas.py, speed tricks in automaton.py.
"""

from calls.phrases.automaton import PhraseMatcher, compile_rules
from calls.phrases.lemmas import candidate_lemmas
from calls.phrases.numbers import number_readings, read_numbers, read_tokens
from calls.phrases.reference import reference_match
from calls.phrases.rules import PhraseRule, PhraseSyntaxError, WordSpec, lemmatize_phrase
from calls.phrases.segments import PhraseMatch, SegmentText, WordTiming
from calls.phrases.tokens import Token, tokenize

__all__ = [
    "PhraseMatch",
    "PhraseMatcher",
    "PhraseRule",
    "PhraseSyntaxError",
    "SegmentText",
    "Token",
    "WordSpec",
    "WordTiming",
    "candidate_lemmas",
    "compile_rules",
    "lemmatize_phrase",
    "number_readings",
    "read_numbers",
    "read_tokens",
    "reference_match",
    "tokenize",
]
