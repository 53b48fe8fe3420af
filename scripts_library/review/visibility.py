"""What one reader may see of a review: the same calls as everywhere else (Call.visible_to).

A review is mined once from every sales call of its period, but its examples quote transcripts
and its numbers count calls, so each reader gets them recounted over the calls they may see: a
trainer or an admin all, a manager their teams', an operator only their own (operators do not
read reviews today; the rule holds if they ever do). A suggestion drawn from calls none of which
the reader may see is not shown to them at all: its title quotes those calls. A suggestion about
a block that nobody inserted (unused_block) rests on no call and is shown to every reader.

The page (review/views.py) and the API (review/api.py) both read reviews through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Segment
from calls.phrase_runtime.transcripts import chunked
from calls.roles import sees_all_calls
from project.roles import AnyUser
from project.stats.intervals import wilson_interval
from scripts_library.models import LibraryReview, ReviewSuggestion
from scripts_library.review.mining import EXAMPLES_MAX, sales_calls

# The numbers of each kind and the evidence set each one counts.
COUNTS: dict[str, dict[str, str]] = {
    ReviewSuggestion.Kind.NEW_OBJECTION: {"call_count": "calls"},
    ReviewSuggestion.Kind.NEW_PHRASE: {"together_calls": "together", "found_calls": "found",
                                       "extra_calls": "calls"},
    ReviewSuggestion.Kind.NEW_BLOCK: {"call_count": "calls"},
    ReviewSuggestion.Kind.WEAK_BLOCK: {"calls_with": "calls", "sales": "sales",
                                       "siblings_calls": "siblings_calls",
                                       "siblings_sales": "siblings_sales"},
    ReviewSuggestion.Kind.UNUSED_BLOCK: {},
}
# The sets whose calls the suggestion's title and text come from: one of them must be visible
# (a review mined before "phrase" was kept has only "calls": those stand in).
SOURCES: dict[str, tuple[str, ...]] = {
    ReviewSuggestion.Kind.NEW_OBJECTION: ("phrase",),
    ReviewSuggestion.Kind.NEW_PHRASE: ("together", "calls"),
    ReviewSuggestion.Kind.NEW_BLOCK: ("calls",),
    ReviewSuggestion.Kind.WEAK_BLOCK: ("calls",),
    ReviewSuggestion.Kind.UNUSED_BLOCK: (),
}
# Each set's label where its calls are listed.
SET_LABELS = {
    "calls": _("звонки"),
    "phrase": _("звонки, где сказано именно так"),
    "together": _("звонки, где фраза рядом с возражением"),
    "found": _("звонки, которые фраза находит"),
    "sales": _("звонки с продажей"),
    "siblings_calls": _("звонки с соседними блоками"),
    "siblings_sales": _("звонки с соседними блоками и продажей"),
}


def evidence_sets(suggestion: ReviewSuggestion) -> dict[str, list[tuple[int, float | None]]]:
    """Set name → [(call, t)] of every call behind the suggestion's numbers. A review mined
    before the evidence was kept has only its examples: they stand for its calls."""
    payload = suggestion.payload
    stored = payload.get("evidence")
    if isinstance(stored, dict):
        return {name: [(int(call), t) for call, t in rows] for name, rows in stored.items()}
    sets: dict[str, list[tuple[int, float | None]]] = {}
    if payload.get("calls"):
        sets["calls"] = [(int(e["call"]), e.get("t")) for e in payload["calls"]]
    if payload.get("together"):
        sets["together"] = [(int(e["call"]), e.get("t")) for e in payload["together"]]
    return sets


def referenced_calls(suggestions: Iterable[ReviewSuggestion]) -> set[int]:
    return {call for s in suggestions for rows in evidence_sets(s).values()
            for call, _t in rows}


class Visibility:
    """The calls of a review one reader may see; `None` for a reader who sees every call."""

    def __init__(self, user: AnyUser, call_ids: Iterable[int]) -> None:
        self.user = user
        self.all = sees_all_calls(user)
        self.ids: set[int] | None = None
        if not self.all:
            visible = Call.objects.visible_to(user)
            self.ids = set()
            # In chunks: a month's review may name more calls than a query may bind.
            for chunk in chunked(sorted(set(call_ids)), 500):
                self.ids |= set(visible.filter(pk__in=chunk).values_list("pk", flat=True))

    def sees(self, call_id: int) -> bool:
        return self.ids is None or call_id in self.ids

    def filter(self, rows: Iterable[tuple[int, float | None]]) -> list[tuple[int, float | None]]:
        return [row for row in rows if self.sees(row[0])]


def visibility_for(user: AnyUser, suggestions: Iterable[ReviewSuggestion]) -> Visibility:
    return Visibility(user, referenced_calls(suggestions) if not sees_all_calls(user) else ())


@dataclass
class SeenSuggestion:
    """A suggestion as one reader sees it: `payload` with counts and examples recounted."""

    suggestion: ReviewSuggestion
    payload: dict[str, Any]
    evidence: dict[str, list[tuple[int, float | None]]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.suggestion, name)


def moment_texts(moments: Iterable[tuple[int, float | None]]) -> dict[tuple[int, float], str]:
    """The words said at each (call, t): the segment of the call that covers t."""
    wanted = [(call, t) for call, t in moments if t is not None]
    if not wanted:
        return {}
    condition = Q(pk__in=[])
    for call, t in wanted:
        condition |= Q(call_id=call, start__lte=t + 0.05, end__gte=t - 0.05)
    texts: dict[tuple[int, float], str] = {}
    segments = list(Segment.objects.filter(condition).order_by("start")
                    .values_list("call_id", "start", "end", "text"))
    for call, t in wanted:
        for segment_call, start, end, text in segments:
            if segment_call == call and start - 0.05 <= t <= end + 0.05:
                texts[(call, t)] = text[:300]
                break
    return texts


def seen(suggestion: ReviewSuggestion, visibility: Visibility) -> SeenSuggestion | None:
    """The suggestion recounted over what the reader may see; None when it rests on calls they
    may not see at all."""
    sets = evidence_sets(suggestion)
    if visibility.all:
        return SeenSuggestion(suggestion, _dated(suggestion.payload), sets)
    kind = suggestion.kind
    visible = {name: visibility.filter(rows) for name, rows in sets.items()}
    sources = [name if name in sets else "calls" for name in SOURCES.get(kind, ())]
    if sources and not any(visible.get(name) for name in sources):
        return None
    if kind == ReviewSuggestion.Kind.NEW_BLOCK and "text_call" in suggestion.payload \
            and not visibility.sees(int(suggestion.payload["text_call"])):
        # The block's text is one operator's words: shown only to who may hear that call.
        return None
    payload = _dated(suggestion.payload)
    for number, name in COUNTS.get(kind, {}).items():
        if number in payload:
            payload[number] = len(visible.get(name, []))
    # Other calls' words are not quoted: the variants come from calls of every team.
    payload.pop("variants", None)
    payload["calls"] = _examples(payload.get("calls") or [], visible.get("calls", []),
                                 visibility)
    if "together" in payload:
        payload["together"] = _examples(payload["together"], visible.get("together", []),
                                        visibility)
    if kind == ReviewSuggestion.Kind.WEAK_BLOCK:
        own = wilson_interval(payload["sales"], payload["calls_with"])
        pooled = wilson_interval(payload["siblings_sales"], payload["siblings_calls"])
        payload["low"], payload["high"] = (own.low, own.high) if own else (None, None)
        payload["siblings_low"], payload["siblings_high"] = ((pooled.low, pooled.high)
                                                             if pooled else (None, None))
    return SeenSuggestion(suggestion, payload, visible)


def _dated(payload: dict[str, Any]) -> dict[str, Any]:
    """A copy of the payload as the page shows it: its window's days as dates, to be written the
    Russian way (the JSON keeps ISO strings), and variants other than the title's phrase."""
    copy = dict(payload)
    if copy.get("variants"):
        # The phrase itself is already the title.
        copy["variants"] = [v for v in copy["variants"] if v != copy.get("phrase")]
    for key in ("window_from", "window_to"):
        if isinstance(copy.get(key), str):
            try:
                copy[key] = date.fromisoformat(copy[key])
            except ValueError:
                pass
    return copy


def _examples(stored: list[dict[str, Any]], visible: list[tuple[int, float | None]],
              visibility: Visibility) -> list[dict[str, Any]]:
    """The stored quotes of visible calls, topped up from the visible evidence (its words read
    from the transcript) up to EXAMPLES_MAX."""
    examples = [e for e in stored if visibility.sees(int(e["call"]))][:EXAMPLES_MAX]
    quoted = {int(e["call"]) for e in examples}
    more = [(call, t) for call, t in visible if call not in quoted and t is not None]
    more = more[:EXAMPLES_MAX - len(examples)]
    texts = moment_texts(more)
    for call, t in more:
        if t is not None and (call, t) in texts:
            examples.append({"call": call, "t": t, "text": texts[(call, t)]})
    return examples


def seen_suggestions(review: LibraryReview, user: AnyUser) -> list[SeenSuggestion]:
    suggestions = list(review.suggestions.select_related("decided_by"))
    visibility = visibility_for(user, suggestions)
    return [s for s in (seen(suggestion, visibility) for suggestion in suggestions)
            if s is not None]


def name_examples(suggestions: Iterable[SeenSuggestion]) -> None:
    """Gives each quoted example its call's title (Call.title: the recording's file name, else
    its external id), as the page names calls: read in one query per chunk, not one per quote.
    The examples are already those the reader may see."""
    shown = [(s, key) for s in suggestions for key in ("calls", "together")
             if isinstance(s.payload.get(key), list)]
    ids = sorted({int(e["call"]) for s, key in shown for e in s.payload[key]})
    titles: dict[int, str] = {}
    for chunk in chunked(ids, 500):
        titles.update((call.pk, call.title) for call in Call.objects.filter(pk__in=chunk)
                      .only("pk", "original_name", "external_id"))
    for s, key in shown:
        # New dicts: the payload is a copy, but the quotes in it may still be the stored ones.
        s.payload[key] = [{**e, "title": titles.get(int(e["call"]), "")}
                          for e in s.payload[key]]


def seen_calls(review: LibraryReview, user: AnyUser) -> dict[str, int]:
    """The period's sales calls this reader may see, by outcome (counted as the review mined
    them: analysed, «продажа» or «без продажи»)."""
    calls = sales_calls(review.period_start, review.period_end)
    if not sees_all_calls(user):
        calls = calls.filter(pk__in=Call.objects.visible_to(user).values("pk"))
    sold = calls.filter(outcome=Call.Outcome.SALE).count()
    total = calls.count()
    return {"total": total, "sale": sold, "no_sale": total - sold}
