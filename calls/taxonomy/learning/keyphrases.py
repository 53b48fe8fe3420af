"""Key phrases that separate a tag's reference calls from the rest — A MINIMAL STAND-IN written
by the review helper.

The learner helper writes the real module with this exact interface; the lead replaces this file
with theirs at merge. This version ranks the lemma bigrams of the customers' words by their
log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; the prior is the
n-gram's count over all annotated calls), counted once per call, so that the monthly review
(calls/taxonomy/review/) and its tests run.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from calls.mining.words import content_words, ngrams
from calls.models import CallTag, Segment, Speaker, Tag
from calls.taxonomy.annotation.reference import Reference

# A phrase is offered when said in at least this many of the tag's reference calls and more
# typical of them than of the rest (log-odds above zero); ranked by z. With the few dozen calls
# a center annotates, a z of 1.96 is out of reach for any phrase: the z orders, it does not gate.
MIN_POSITIVE_CALLS = 2


@dataclass(frozen=True)
class KeyPhraseSuggestion:
    text: str
    log_odds: float
    z: float
    precision: float
    recall_gain: float
    call_ids: list[int]


def _call_grams(call_ids: list[int]) -> dict[int, set[tuple[str, ...]]]:
    grams: dict[int, set[tuple[str, ...]]] = {call_id: set() for call_id in call_ids}
    segments = Segment.objects.filter(call_id__in=call_ids, speaker=Speaker.CUSTOMER)
    for call_id, text in segments.values_list("call_id", "text").iterator():
        grams[call_id].update(lemmas for lemmas, _surface in ngrams(content_words(text)))
    return grams


def keyphrase_suggestions(
    *, tag: Tag, reference: dict[int, Reference], limit: int = 10
) -> list[KeyPhraseSuggestion]:
    positive = {call_id for call_id, ref in reference.items() if tag.pk in ref.tags}
    negative = set(reference) - positive
    if not positive or not negative:
        return []
    grams = _call_grams(list(reference))
    in_positive: Counter[tuple[str, ...]] = Counter()
    in_negative: Counter[tuple[str, ...]] = Counter()
    for call_id, found in grams.items():
        (in_positive if call_id in positive else in_negative).update(found)
    prior = in_positive + in_negative
    prior_total = sum(prior.values())
    n_pos, n_neg = sum(in_positive.values()), sum(in_negative.values())
    found_already = set(
        CallTag.objects.filter(
            tag=tag, source=CallTag.Source.AUTO, call_id__in=positive
        ).values_list("call_id", flat=True)
    )
    suggestions = []
    for gram, count in in_positive.items():
        alpha = prior[gram]
        a, b = count + alpha, in_negative[gram] + alpha
        delta = math.log(a / (n_pos + prior_total - a)) - math.log(b / (n_neg + prior_total - b))
        z = delta / math.sqrt(1 / a + 1 / b)
        if count < MIN_POSITIVE_CALLS or delta <= 0:
            continue
        calls = sorted(c for c in positive if gram in grams[c])
        added = [c for c in calls if c not in found_already]
        suggestions.append(
            KeyPhraseSuggestion(
                text=" ".join(gram),
                log_odds=round(delta, 4),
                z=round(z, 4),
                precision=count / (count + in_negative[gram]),
                recall_gain=len(added) / len(positive),
                call_ids=calls,
            )
        )
    suggestions.sort(key=lambda s: (-s.z, s.text))
    return suggestions[:limit]
