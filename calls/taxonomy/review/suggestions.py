"""What the monthly review suggests, computed from one month's calls (rules:
docs/taxonomy-review.md). Each function returns Suggestion objects, not saved yet; every figure in
a payload comes with the calls behind it (`calls`: [{"call", "t", "text"}] quoted examples;
`evidence`: {name: [[call, t], ...]} every call counted, t null when a call is counted as a whole).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, QuerySet

from calls.local_days import started_on_days
from calls.mining.phrasings import (
    DEFAULT_MEASURE,
    EXAMPLES_MAX,
    Customers,
    cluster_grams,
    evidence_list,
    merge_by_calls,
    recurring_phrasings,
    segment_rows,
)
from calls.mining.words import content_words
from calls.models import (
    Call,
    CallTag,
    KeyPhrase,
    PhraseSpeaker,
    ReviewSuggestion,
    Speaker,
    Tag,
)
from calls.taxonomy.agreement.services import low_agreement_tags
from calls.taxonomy.annotation.reference import answers, reference_labels
from calls.taxonomy.cooccurrence.queries import strong_pairs
from calls.taxonomy.learning.keyphrases import keyphrase_suggestions
from project.russian import plural

# A new topic is an n-gram said in at least this many calls (of at least MIN_CUSTOMERS customers).
NEW_TAG_MIN_CALLS = 3
MIN_CUSTOMERS = 2
NEW_TAGS_MAX = 15
# A draft tag starts with the cluster's most frequent wordings as its phrases.
DRAFT_PHRASES_MAX = 3
PHRASES_PER_TAG = 3
MERGE_MIN_CONDITIONAL = 0.8


@dataclass
class Suggestion:
    """A suggestion before it is saved: the row and the tags it concerns (a many-to-many)."""

    kind: str
    summary: str
    payload: dict[str, Any]
    score: float = 0.0
    tags: list[Tag] = field(default_factory=list)

    def row(self) -> ReviewSuggestion:
        return ReviewSuggestion(
            kind=self.kind, summary=self.summary[:500], payload=self.payload, score=self.score
        )


def month_calls(first: date, last: date) -> QuerySet[Call]:
    return Call.objects.filter(started_on_days(first, last), status=Call.Status.ANALYSED)


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


# --- 1. Retire ---------------------------------------------------------------------------------


def retire(*, last: date) -> list[Suggestion]:
    """Active tags no call started in the last TAG_RETIRE_AFTER_DAYS days carries (any source),
    except tags created within that time: they have not had their chance yet."""
    days = settings.TAG_RETIRE_AFTER_DAYS
    since = last - timedelta(days=days - 1)
    recent = Call.objects.filter(started_on_days(since, last))
    hit = CallTag.objects.filter(call__in=recent).values("tag")
    tags = (
        Tag.objects.active()
        .filter(created_at__date__lt=since)
        .exclude(pk__in=hit)
        .annotate(last_hit=Max("call_tags__call__started_at"))
    )
    suggestions = []
    for tag in tags:
        last_hit = tag.last_hit  # type: ignore[attr-defined]
        last_call = (
            CallTag.objects.filter(tag=tag, call__started_at=last_hit)
            .values_list("call_id", flat=True)
            .first()
            if last_hit
            else None
        )
        suggestions.append(
            Suggestion(
                kind=ReviewSuggestion.Kind.RETIRE,
                tags=[tag],
                score=float(days),
                summary=f"«{tag.name}» не встречался {plural(days, 'день,дня,дней')}: "
                "вывести из работы?",
                payload={
                    "tag": tag.pk,
                    "code": tag.code,
                    "days": days,
                    "since": since.isoformat(),
                    "last_hit": last_hit.date().isoformat() if last_hit else None,
                    "evidence": {"last": [[last_call, None]] if last_call else []},
                },
            )
        )
    return suggestions


# --- 2. New tags -------------------------------------------------------------------------------


def _known_lemma_sets() -> set[frozenset[str]]:
    """Every phrase of the taxonomy as a set of content lemmas: a draft tag from last month's
    review or a retired tag's phrase is not a new topic either."""
    return {
        frozenset(lemma for lemma, _s in content_words(text))
        for text in KeyPhrase.objects.values_list("text", flat=True)
    }


def new_tags(*, first: date, last: date) -> tuple[list[Suggestion], int]:
    """Recurring customer wordings in the month's calls that carry no problem tag, clustered;
    returns the suggestions and the number of calls looked at."""
    calls = month_calls(first, last)
    problem = CallTag.objects.filter(call__in=calls, tag__category__is_problem=True)
    untagged = calls.exclude(pk__in=problem.values("call"))
    known = _known_lemma_sets()
    grams = recurring_phrasings(
        segment_rows(untagged, speaker=Speaker.CUSTOMER),
        min_calls=NEW_TAG_MIN_CALLS,
        measure=DEFAULT_MEASURE,
        known=lambda lemmas: frozenset(lemmas) in known,
    )
    customers = Customers(untagged, minimum=MIN_CUSTOMERS)
    clusters = [c for c in merge_by_calls(cluster_grams(grams)) if customers.enough(c.calls)]
    suggestions = []
    for cluster in clusters[:NEW_TAGS_MAX]:
        phrase = cluster.seed.surface
        wordings = [g.surface for g in sorted(cluster.grams, key=lambda g: -len(g.calls))]
        count = len(cluster.calls)
        suggestions.append(
            Suggestion(
                kind=ReviewSuggestion.Kind.NEW_TAG,
                score=float(count),
                summary=f"Новая тема «{phrase}»: {plural(count, 'звонок,звонка,звонков')} "
                "без проблемных тегов",
                payload={
                    "phrase": phrase,
                    "lemmas": list(cluster.seed.lemmas),
                    "phrases": wordings[:DRAFT_PHRASES_MAX],
                    "variants": wordings[:10],
                    "call_count": count,
                    "measure": DEFAULT_MEASURE.value,
                    "association": cluster.seed.score,
                    "calls": cluster.examples(),
                    "evidence": {"calls": evidence_list(cluster.moments())},
                },
            )
        )
    return suggestions, untagged.count()


# --- 3. Clarify --------------------------------------------------------------------------------


def _disagreed(tag_ids: set[int]) -> tuple[list[int], dict[int, list[int]]]:
    """The calls of closed campaigns with two or more annotators (the items agreement is measured
    on), and per tag id those where the annotators did not all agree on it."""
    items: list[int] = []
    calls: dict[int, list[int]] = defaultdict(list)
    for call_id, by_annotator in sorted(answers().items()):
        if len(by_annotator) < 2:
            continue
        items.append(call_id)
        for tag_id in tag_ids:
            said = {tag_id in chosen for chosen in by_annotator.values()}
            if len(said) > 1:
                calls[tag_id].append(call_id)
    return items, calls


def clarify() -> list[Suggestion]:
    """Tags whose annotators agree less than the threshold: their description needs work."""
    low = low_agreement_tags()
    items, disagreed = _disagreed({agreement.tag.pk for agreement in low})
    suggestions = []
    for agreement in low:
        tag, coefficient = agreement.tag, agreement.coefficient or 0.0
        calls = disagreed.get(tag.pk, [])
        suggestions.append(
            Suggestion(
                kind=ReviewSuggestion.Kind.CLARIFY,
                tags=[tag],
                score=1.0 - coefficient,
                summary=f"«{tag.name}»: разметчики согласны слабо (κ = {coefficient:.2f}) — "
                "уточните описание",
                payload={
                    "tag": tag.pk,
                    "coefficient": round(coefficient, 4),
                    "items": agreement.items,
                    "cohen_kappa": agreement.cohen_kappa,
                    "fleiss_kappa": agreement.fleiss_kappa,
                    "krippendorff_alpha": agreement.krippendorff_alpha,
                    "disagreed": len(calls),
                    "evidence": {
                        "disagreed": [[call_id, None] for call_id in calls],
                        "items": [[call_id, None] for call_id in items],
                    },
                },
            )
        )
    return suggestions


# --- 4. Merge ----------------------------------------------------------------------------------


def merge(*, first: date, last: date) -> list[Suggestion]:
    """Pairs of tags so often together that they may be one problem (one broken process)."""
    calls = month_calls(first, last)
    suggestions = []
    for pair in strong_pairs(date_from=first, date_to=last, min_conditional=MERGE_MIN_CONDITIONAL):
        a, b = pair.tag_a, pair.tag_b
        with_a = set(
            CallTag.objects.filter(call__in=calls, tag=a).values_list("call_id", flat=True)
        )
        both = sorted(
            with_a
            & set(CallTag.objects.filter(call__in=calls, tag=b).values_list("call_id", flat=True))
        )
        # The sentence reads from the tag whose calls mostly carry the other.
        if pair.p_b_given_a >= pair.p_a_given_b:
            given, other, share = a, b, pair.p_b_given_a
        else:
            given, other, share = b, a, pair.p_a_given_b
        suggestions.append(
            Suggestion(
                kind=ReviewSuggestion.Kind.MERGE,
                tags=[a, b],
                score=share,
                summary=f"В {_percent(share)} звонков с тегом «{given.name}» есть и "
                f"«{other.name}»: возможно, это одна проблема",
                payload={
                    "tag_a": a.pk,
                    "tag_b": b.pk,
                    "both": pair.both,
                    "count_a": pair.count_a,
                    "count_b": pair.count_b,
                    "calls_total": pair.calls,
                    "p_b_given_a": round(pair.p_b_given_a, 4),
                    "p_a_given_b": round(pair.p_a_given_b, 4),
                    "lift": round(pair.lift, 4),
                    "p_adjusted": pair.p_adjusted,
                    "evidence": {"both": [[call_id, None] for call_id in both]},
                },
            )
        )
    return suggestions


# --- 5. Add phrases ----------------------------------------------------------------------------


def add_phrases() -> list[Suggestion]:
    """Per active tag with reference-tagged calls, the phrases that would find more of them."""
    reference = reference_labels()
    tagged = {tag_id for ref in reference.values() for tag_id in ref.tags}
    suggestions = []
    for tag in Tag.objects.active().filter(pk__in=tagged).prefetch_related("phrases"):
        own = {frozenset(lemma for lemma, _s in content_words(p.text)) for p in tag.phrases.all()}
        for found in keyphrase_suggestions(tag=tag, reference=reference, limit=PHRASES_PER_TAG):
            found_calls = sorted(found.call_ids)
            if frozenset(lemma for lemma, _s in content_words(found.text)) in own:
                continue
            suggestions.append(
                Suggestion(
                    kind=ReviewSuggestion.Kind.ADD_PHRASES,
                    tags=[tag],
                    score=found.recall_gain,
                    summary=f"Фраза «{found.text}» для «{tag.name}»: точность "
                    f"{_percent(found.precision)}, полнота +{_percent(found.recall_gain)}",
                    payload={
                        "tag": tag.pk,
                        "text": found.text,
                        "speaker": PhraseSpeaker.CUSTOMER,
                        "log_odds": found.log_odds,
                        "z": found.z,
                        "precision": round(found.precision, 4),
                        "recall_gain": round(found.recall_gain, 4),
                        "evidence": {"calls": [[c, None] for c in found_calls]},
                        "calls": [
                            {"call": c, "t": None, "text": ""}
                            for c in found_calls[:EXAMPLES_MAX]
                        ],
                    },
                )
            )
    return suggestions
