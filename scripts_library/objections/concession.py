"""The concession rule: «дорого, но берём» names the price and accepts it — not an objection.

A trigger's match is conceded when, after it in the same sentence of the same text, a concession
conjunction («но», «однако», «зато») is followed within ACCEPTANCE_WINDOW words by an acceptance
word (берём, возьмём, оформляйте, подходит, устраивает, согласен, готовы, оплатим…) that is not
negated: «дорого, но не возьмём» and «дорого, но брать не будем» stay objections, and so do
«дорого, но я подумаю» (no acceptance), «хорошо, но дорого» (nothing after the match) and
«дорого, но подходит ли нам?» (a question accepts nothing).

«хотя» is left out on purpose: «дорого, хотя нам подходит» keeps the price as the main clause
(«although»), the concession weakens it without withdrawing it. «давать» alone is no acceptance
(«дорого, но давайте подумаем» is an objection); «давайте оформим» is caught by «оформить».

Only objections use the rule (the analyser and the sidebar's suggest), not the taxonomy's tags:
a tag «цена» is still right about «дорого, но берём». Words are the phrase engine's: its tokenizer
(so punctuation is never a word) and its candidate lemmas (so «берём» is «брать»).
"""

from __future__ import annotations

import re

from calls.phrases.lemmas import candidate_lemmas
from calls.phrases.tokens import NEGATION, Token, tokenize

CONJUNCTIONS = frozenset({"но", "однако", "зато"})
ACCEPTANCE_LEMMAS = frozenset({
    "брать", "взять", "покупать", "купить", "заказывать", "заказать", "оформлять", "оформить",
    "подходить", "подойти", "устраивать", "устроить", "согласный", "согласиться",
    "соглашаться", "договориться", "договариваться", "подписывать", "подписать", "платить",
    "заплатить", "оплачивать", "оплатить", "готовый",
})
NEGATORS = frozenset({NEGATION, "ни", "нет"})
# «но всё равно берём», «но мы, наверное, всё-таки возьмём»: the acceptance is at most this many
# words after the conjunction.
ACCEPTANCE_WINDOW = 4
# «но брать мы не будем»: a negation this many words after the acceptance word, in its clause.
NEGATION_AFTER = 2

# The sentence after the match is read this far: transcripts often have no punctuation, and a
# concession a few dozen words later is about something else.
TAIL_CHARS = 160

# A lone full stop ends a sentence; an ellipsis («дорого… но берём») is a pause in one.
SENTENCE_END_RE = re.compile(r"(?<!\.)\.(?!\.)|[!?;]")
CLAUSE_END_RE = re.compile(r"[,.!?;:…—–-]")


def conceded(text: str, char_end: int) -> bool:
    """True when the words after `char_end` (a match's end in `text`) accept what it objected to.

    Only the rest of the sentence (at most TAIL_CHARS) is tokenized, and only when it holds a
    conjunction: a match costs microseconds, even in a suggest of 9,999 characters.
    """
    tail = text[char_end:char_end + TAIL_CHARS]
    sentence_end = SENTENCE_END_RE.search(tail)
    if sentence_end is not None:
        if sentence_end.group() == "?":
            return False
        tail = tail[:sentence_end.start()]
    if not any(conjunction in tail.lower() for conjunction in CONJUNCTIONS):
        return False
    sentence = tokenize(tail)
    for position, token in enumerate(sentence):
        if token.text not in CONJUNCTIONS:
            continue
        window = sentence[position + 1:position + 1 + ACCEPTANCE_WINDOW]
        for offset, word in enumerate(window):
            if word.text in NEGATORS:
                break
            if candidate_lemmas(word.text) & ACCEPTANCE_LEMMAS:
                if not _negated_after(tail, sentence, position + 1 + offset):
                    return True
                break
    return False


def _negated_after(tail: str, sentence: list[Token], index: int) -> bool:
    """A negation in the acceptance word's own clause right after it («брать не будем»)."""
    previous_end = sentence[index].end
    for word in sentence[index + 1:index + 1 + NEGATION_AFTER]:
        if CLAUSE_END_RE.search(tail, previous_end, word.start):
            return False
        if word.text in NEGATORS:
            return True
        previous_end = word.end
    return False
