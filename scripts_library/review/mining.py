"""What the monthly review suggests, computed from one period's calls (rules: docs/library.md).

The calls mined are the period's analysed sales calls: outcome «продажа» or «без продажи» (a
support call's objections are not the sales script's). Each function returns ReviewSuggestion
objects not yet saved. Every number in a payload comes with the calls behind it: `evidence`
holds, per number, every call counted with the moment to open it ({"calls": [[call, t], ...]};
t is null when the number counts calls, not moments), and `calls` quotes a few of them
([{"call", "t", "text"}], at most EXAMPLES_MAX). The review pages and API recount both over the
calls the reader may see (scripts_library/review/visibility.py).

A suggestion that rests on calls needs calls of at least MIN_CUSTOMERS different customers: one
customer calling three times is not a pattern of the center.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from calls.local_days import started_on_days
from calls.mining import phrasings
from calls.mining.phrasings import (
    EXAMPLES_MAX,
    Cluster,
    Gram,
    Moments,
    cluster_grams,
    evidence_list,
    recurring_phrasings,
    segment_rows,
)
from calls.mining.words import STOP_LEMMAS, content_words, jaccard, ngrams
from calls.models import Call, Segment, Speaker
from calls.phrase_runtime.transcripts import chunked, load_transcripts
from calls.phrases import PhraseRule, PhraseSyntaxError, compile_rules, lemmatize_phrase
from project.stats.intervals import wilson_interval
from scripts_library.models import (
    Objection,
    ObjectionHit,
    ObjectionPhrase,
    ResponseBlock,
    ReviewSuggestion,
    SidebarEvent,
)

# The generic mining (lemma n-grams, clusters, evidence) is calls/mining/, shared with the
# taxonomy review; these names stay importable from here for the library's own modules.
__all__ = ["EXAMPLES_MAX", "STOP_LEMMAS", "Cluster", "Gram", "Moments", "cluster_grams",
           "content_words", "evidence_list", "jaccard", "ngrams"]

MIN_CUSTOMERS = 2
TITLE_QUOTE_MAX = 120
# An utterance is «recurring» when said in at least this many calls of the period.
NEW_OBJECTION_MIN_CALLS = 3
NEW_OBJECTIONS_MAX = 20
# A candidate trigger must co-occur with the objection in this many calls, and find a new one.
PHRASE_MIN_CALLS = 2
PHRASES_PER_OBJECTION = 5
REPLIES_PER_OBJECTION = 3
CLUSTER_JACCARD = phrasings.CLUSTER_JACCARD
# Blocks are judged on the period's month and the two before it.
BLOCK_WINDOW_MONTHS = 3


def sales_calls(period_start: date, period_end: date) -> QuerySet[Call]:
    return Call.objects.filter(
        started_on_days(period_start, period_end),
        status=Call.Status.ANALYSED,
        outcome__in=[Call.Outcome.SALE, Call.Outcome.NO_SALE],
    )


def clip(text: str, limit: int = TITLE_QUOTE_MAX) -> str:
    """`text` shortened to at most `limit` characters at a word boundary, with «…» when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—–") + "…"


class Customers(phrasings.Customers):
    """The period's customers, at least MIN_CUSTOMERS of them for a suggestion."""

    def __init__(self, calls: QuerySet[Call]) -> None:
        super().__init__(calls, minimum=MIN_CUSTOMERS)


def window_start(period_start: date) -> date:
    """The first day of the block window: the period's month and the months before it."""
    month = period_start.replace(day=1)
    for _ in range(BLOCK_WINDOW_MONTHS - 1):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


# --- (a) New objections --------------------------------------------------------------------------


def new_objections(calls: QuerySet[Call]) -> list[ReviewSuggestion]:
    """Recurring customer utterances that no objection matched, clustered by shared lemmas,
    said by at least MIN_CUSTOMERS customers."""
    hit_segments = Segment.objects.filter(
        pk__in=ObjectionHit.objects.filter(call__in=calls).values("segment"))
    # A phrase already in the library (a draft from last month's review finds nothing yet, a
    # retired objection's phrase was dropped on purpose) is not new.
    known = {frozenset(lemma for lemma, _s in content_words(text))
             for text in ObjectionPhrase.objects.values_list("text", flat=True)}
    recurring = recurring_phrasings(
        segment_rows(calls, speaker=Speaker.CUSTOMER, exclude_segments=hit_segments),
        min_calls=NEW_OBJECTION_MIN_CALLS, known=lambda lemmas: frozenset(lemmas) in known)
    customers = Customers(calls)
    clusters = [c for c in cluster_grams(recurring) if customers.enough(c.calls)]
    suggestions = []
    for cluster in clusters[:NEW_OBJECTIONS_MAX]:
        phrase = cluster.seed.surface
        moments = cluster.moments()
        suggestions.append(ReviewSuggestion(
            kind=ReviewSuggestion.Kind.NEW_OBJECTION,
            title=f"Новое возражение: «{clip(phrase)}»",
            score=len(cluster.calls),
            payload={"phrase": phrase, "lemmas": list(cluster.seed.lemmas),
                     "variants": [g.surface for g in cluster.grams[:10]],
                     "call_count": len(cluster.calls), "calls": cluster.examples(),
                     # "phrase": the calls where the title's words were said, as opposed to the
                     # cluster's variants.
                     "evidence": {"calls": evidence_list(moments),
                                  "phrase": evidence_list(cluster.seed.moments)}},
        ))
    return suggestions


# --- (b) New trigger phrases ---------------------------------------------------------------------


def _phrase_lemmas(objection: Objection) -> set[tuple[str, ...]]:
    return {tuple(lemma for lemma, _s in content_words(text))
            for text in objection.phrases.values_list("text", flat=True)}


def new_phrases(calls: QuerySet[Call]) -> list[ReviewSuggestion]:
    """Words said next to an objection's trigger (in the hit's segment, outside the matched
    span) in several calls, offered as triggers when they find calls the objection missed: each
    candidate is run through the phrase engine over the period's customer segments."""
    hits = (ObjectionHit.objects.filter(call__in=calls, objection__status=Objection.Status.ACTIVE)
            .select_related("segment", "objection"))
    by_objection: dict[int, dict[tuple[str, ...], Gram]] = defaultdict(dict)
    objections: dict[int, Objection] = {}
    hit_calls: dict[int, set[int]] = defaultdict(set)
    for hit in hits.iterator():
        objections[hit.objection_id] = hit.objection
        hit_calls[hit.objection_id].add(hit.call_id)
        text = hit.segment.text
        words = content_words(text, skip=(hit.char_start, hit.char_end))
        grams = by_objection[hit.objection_id]
        for lemmas, surface in ngrams(words):
            grams.setdefault(lemmas, Gram(lemmas)).add(call_id=hit.call_id, surface=surface,
                                                       t=hit.start, text=text)
    rules = []
    candidates: dict[tuple[int, tuple[str, ...]], Gram] = {}
    customers = Customers(calls)
    for objection_id, grams in by_objection.items():
        known = _phrase_lemmas(objections[objection_id])
        frequent = sorted((g for g in grams.values()
                           if len(g.calls) >= PHRASE_MIN_CALLS and g.lemmas not in known
                           and customers.enough(g.calls)),
                          key=lambda g: (-len(g.calls), g.lemmas))[:PHRASES_PER_OBJECTION]
        for gram in frequent:
            try:
                lemmatize_phrase(gram.surface)
            except PhraseSyntaxError:
                continue
            key = (objection_id, gram.lemmas)
            candidates[key] = gram
            rules.append(PhraseRule(key=key, text=gram.surface, speaker="customer"))
    if not rules:
        return []
    matcher = compile_rules(rules)
    found: dict[tuple[int, tuple[str, ...]], dict[int, dict[str, object]]] = defaultdict(dict)
    call_ids = list(calls.values_list("pk", flat=True))
    for chunk in chunked(call_ids, 500):
        for transcript in load_transcripts(chunk):
            for match in matcher.match(transcript.segments, transcript.duration):
                per_call = found[match.key]  # type: ignore[index]
                if transcript.call_id not in per_call:
                    segment = transcript.segments[match.segment_index]
                    per_call[transcript.call_id] = {"call": transcript.call_id,
                                                    "t": round(match.start, 1),
                                                    "text": segment.text[:300]}
    suggestions = []
    for key, gram in candidates.items():
        objection = objections[key[0]]
        matched = found.get(key, {})
        extra = [example for call_id, example in matched.items()
                 if call_id not in hit_calls[key[0]]]
        if not extra:
            continue
        suggestions.append(ReviewSuggestion(
            kind=ReviewSuggestion.Kind.NEW_PHRASE,
            title=f"Фраза «{clip(gram.surface)}» для «{clip(objection.name)}»",
            score=len(extra),
            payload={"objection": objection.code, "objection_name": objection.name,
                     "phrase": gram.surface, "together_calls": len(gram.calls),
                     "found_calls": len(matched), "extra_calls": len(extra),
                     "calls": extra[:EXAMPLES_MAX], "together": gram.examples,
                     "evidence": {
                         "together": evidence_list(gram.moments),
                         "found": evidence_list({c: e["t"] for c, e in matched.items()}),  # type: ignore[misc]
                         "calls": evidence_list({e["call"]: e["t"] for e in extra}),  # type: ignore[misc]
                     }},
        ))
    return suggestions


# --- (c) Successful phrasings --------------------------------------------------------------------


def guess_kind(text: str) -> str:
    return (ResponseBlock.Kind.QUESTION if text.rstrip().endswith("?")
            else ResponseBlock.Kind.ARGUMENT)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def successful_replies(calls: QuerySet[Call]) -> list[ReviewSuggestion]:
    """Operator replies right after an objection, in calls that ended in a sale and where the
    customer did not raise it again, grouped by shared lemmas and ranked by their calls."""
    hits = (ObjectionHit.objects.filter(
        call__in=calls, call__outcome=Call.Outcome.SALE, occurrence=1, raised_again=False,
        objection__status=Objection.Status.ACTIVE,
    ).exclude(reply_text="").select_related("objection")
            .order_by("objection_id", "call_id", "start"))
    by_objection: dict[int, list[ObjectionHit]] = defaultdict(list)
    for hit in hits:
        by_objection[hit.objection_id].append(hit)
    customers = Customers(calls)
    suggestions = []
    for replies in by_objection.values():
        objection = replies[0].objection
        existing = {_normal(t) for t in objection.blocks.values_list("text", flat=True)}
        groups: list[tuple[frozenset[str], list[ObjectionHit]]] = []
        for hit in replies:
            lemmas = frozenset(lemma for lemma, _s in content_words(hit.reply_text))
            home = next((g for g in groups if jaccard(g[0], lemmas) >= CLUSTER_JACCARD), None)
            if home is None:
                groups.append((lemmas, [hit]))
            else:
                home[1].append(hit)
        ranked = sorted(groups, key=lambda g: -len({h.call_id for h in g[1]}))
        offered = 0
        for _lemmas, members in ranked:
            text = members[0].reply_text.strip()
            call_ids = {h.call_id for h in members}
            if (_normal(text) in existing or offered >= REPLIES_PER_OBJECTION
                    or not customers.enough(call_ids)):
                continue
            offered += 1
            kind = guess_kind(text)
            moments: Moments = {}
            for h in members:
                moments.setdefault(h.call_id, round(h.reply_start or h.start, 1))
            suggestions.append(ReviewSuggestion(
                kind=ReviewSuggestion.Kind.NEW_BLOCK,
                title=f"Блок для «{clip(objection.name)}»: «{clip(text)}»",
                score=len(call_ids),
                payload={"objection": objection.code, "objection_name": objection.name,
                         "text": text, "text_call": members[0].call_id, "block_kind": kind,
                         "call_count": len(call_ids),
                         "variants": [h.reply_text for h in members[1:6]],
                         "calls": [{"call": h.call_id, "t": round(h.reply_start or h.start, 1),
                                    "text": h.reply_text[:300]}
                                   for h in members[:EXAMPLES_MAX]],
                         "evidence": {"calls": evidence_list(moments)}},
            ))
    return suggestions


# --- (d, e) Blocks -------------------------------------------------------------------------------


def _inserted(start: date, end: date) -> Q:
    return Q(events__kind=SidebarEvent.Kind.INSERTED, events__at__date__gte=start,
             events__at__date__lte=end)


def _block_payload(block: ResponseBlock, start: date, end: date) -> dict[str, object]:
    return {"block": block.pk, "objection": block.objection.code,
            "objection_name": block.objection.name, "block_kind": block.kind,
            "text": block.text, "window_from": start.isoformat(), "window_to": end.isoformat()}


def unused_blocks(period_start: date, period_end: date) -> list[ReviewSuggestion]:
    """Active blocks of active objections inserted in no call for BLOCK_WINDOW_MONTHS months
    (only blocks that existed for the whole window: a block added last week is not unused)."""
    start = window_start(period_start)
    blocks = (ResponseBlock.objects.active()
              .filter(objection__status=Objection.Status.ACTIVE, created_at__date__lt=start)
              .annotate(inserted=Count("events", filter=_inserted(start, period_end)))
              .filter(inserted=0).select_related("objection"))
    return [ReviewSuggestion(
        kind=ReviewSuggestion.Kind.UNUSED_BLOCK,
        title=f"Не используется: «{clip(block.text)}» ({clip(block.objection.name)})",
        score=0, payload=_block_payload(block, start, period_end),
    ) for block in blocks]


def _inserted_calls(block: ResponseBlock, others: list[ResponseBlock], start: date,
                    end: date) -> dict[str, list[list[float | int | None]]]:
    """The calls behind a weak block's four numbers (the same conditions as its counts)."""
    events = SidebarEvent.objects.filter(
        kind=SidebarEvent.Kind.INSERTED, at__date__gte=start, at__date__lte=end,
        call__status=Call.Status.ANALYSED)

    def calls_of(blocks: list[ResponseBlock], *, sold: bool) -> list[list[float | int | None]]:
        rows = events.filter(block__in=blocks)
        if sold:
            rows = rows.filter(call__outcome=Call.Outcome.SALE)
        ids = set(rows.values_list("call_id", flat=True))
        return evidence_list(dict.fromkeys(ids))

    return {"calls": calls_of([block], sold=False), "sales": calls_of([block], sold=True),
            "siblings_calls": calls_of(others, sold=False),
            "siblings_sales": calls_of(others, sold=True)}


def _customers_enough(call_ids: list[int]) -> bool:
    """The calls are of at least MIN_CUSTOMERS customers (as Customers counts them)."""
    keys: dict[int, str] = {}
    for chunk in chunked(sorted(call_ids), 500):
        keys.update(Call.objects.filter(pk__in=chunk).values_list("pk", "customer_key"))
    return len({key or f"call-{pk}" for pk, key in keys.items()}) >= MIN_CUSTOMERS


def weak_blocks(period_start: date, period_end: date) -> list[ReviewSuggestion]:
    """Blocks whose conversion is clearly worse than their siblings' (same objection and kind):
    the upper bound of the block's 95% Wilson interval is below the lower bound of the pooled
    siblings' interval (all the other active blocks of that objection and kind together)."""
    start = window_start(period_start)
    sold = Q(events__call__outcome=Call.Outcome.SALE)
    in_window = _inserted(start, period_end) & Q(events__call__status=Call.Status.ANALYSED)
    blocks = list(ResponseBlock.objects.active()
                  .filter(objection__status=Objection.Status.ACTIVE)
                  .annotate(calls=Count("events__call", distinct=True, filter=in_window),
                            sales=Count("events__call", distinct=True, filter=in_window & sold))
                  .select_related("objection"))
    siblings: dict[tuple[int, str], list[ResponseBlock]] = defaultdict(list)
    for block in blocks:
        siblings[(block.objection_id, block.kind)].append(block)
    suggestions = []
    for block in blocks:
        others = [b for b in siblings[(block.objection_id, block.kind)] if b.pk != block.pk]
        own = wilson_interval(block.sales, block.calls)  # type: ignore[attr-defined]
        other_calls = sum(b.calls for b in others)  # type: ignore[attr-defined]
        other_sales = sum(b.sales for b in others)  # type: ignore[attr-defined]
        pooled = wilson_interval(other_sales, other_calls)
        if own is None or pooled is None or own.high >= pooled.low:
            continue
        evidence = _inserted_calls(block, others, start, period_end)
        if not _customers_enough([int(call) for call, _t in evidence["calls"]
                                  if call is not None]):
            continue
        suggestions.append(ReviewSuggestion(
            kind=ReviewSuggestion.Kind.WEAK_BLOCK,
            title=f"Хуже соседних: «{clip(block.text)}» ({clip(block.objection.name)})",
            score=round(pooled.low - own.high, 4),
            payload={**_block_payload(block, start, period_end),
                     "evidence": evidence,
                     "calls_with": block.calls, "sales": block.sales,  # type: ignore[attr-defined]
                     "low": own.low, "high": own.high,
                     "siblings_calls": other_calls, "siblings_sales": other_sales,
                     "siblings_low": pooled.low, "siblings_high": pooled.high},
        ))
    return suggestions
