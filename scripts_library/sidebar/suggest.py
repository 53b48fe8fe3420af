"""The suggest service: objections in what the customer just said, each with its ranked blocks.

Speed is the point (issue 8 §7: p95 < 20 ms in the server, ≥ 500 suggests/s on 2 cores), so a
process keeps two things between requests and asks the database nothing else:

* the objections' trigger phrases, compiled once by the shared phrase runtime (`PhraseSet`, rebuilt
  when its stamp — one aggregate query — changes);
* a `LibrarySnapshot`: themes, active objections and their active blocks, already ranked and
  already shaped as the API answers them, rebuilt when the library's stamp changes, and at least
  every `SIDEBAR_RANKING_SECONDS` for the block ranking and the objection frequencies, which move
  with every call and event.

The stamps themselves are checked at most every `SIDEBAR_RECHECK_SECONDS` (a library edit shows
in the sidebar within that time), so a suggest costs no query of its own.

The text is one customer segment: phrases said by the customer or by anyone match, operator-only
phrases do not, and time windows ("in the first 30 s") are ignored — the sidebar has no timeline,
the operator is in the call now.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from calls.models import Call, PhraseBase, WindowKind
from calls.phrase_runtime.phrase_sets import (
    EVIDENCE_TEXT_LIMIT,
    CompiledPhrases,
    Found,
    PhraseSet,
    Stamp,
    owners_and_phrases_stamp,
    widest_matches,
)
from calls.phrases import SegmentText
from scripts_library.models import (
    Objection,
    ObjectionHit,
    ObjectionPhrase,
    ObjectionTheme,
    ResponseBlock,
    SidebarEvent,
)
from scripts_library.objections.concession import conceded
from scripts_library.sidebar.ranking import BlockRecord, pooled_share, rank_blocks

# Longer text is refused by the API: a suggest is about a remark, not a transcript.
MAX_TEXT_CHARS = 9_999
MAX_LIMIT = 10
DEFAULT_LIMIT = 3
# Objection frequency (the tie-breaker between equally strong matches) is counted over this period.
FREQUENCY_DAYS = 90
KINDS = tuple(ResponseBlock.Kind.values)


def _sidebar_phrases() -> Iterable[PhraseBase]:
    """The active triggers without their time windows (see the module docstring)."""
    phrases = list(ObjectionPhrase.objects.active().order_by("id"))
    for phrase in phrases:
        phrase.window_kind = WindowKind.NONE
        phrase.window_seconds = None
    return phrases


SIDEBAR_PHRASES = PhraseSet(
    name="sidebar-objections",
    phrases=_sidebar_phrases,
    owner_field="objection_id",
    stamp=lambda: owners_and_phrases_stamp(Objection.objects.all(), "phrases"),
)


def library_stamp() -> Stamp:
    """Changes when a theme, an objection or a block is added, edited, (de)activated or deleted.
    Themes have no `updated_at`; their names and order are part of the stamp (a few rows)."""
    blocks = ResponseBlock.objects.aggregate(count=Count("id"), at=Max("updated_at"))
    objections = Objection.objects.aggregate(count=Count("id"), at=Max("updated_at"))
    themes = tuple(ObjectionTheme.objects.order_by("id").values_list("id", "name", "order"))
    return (blocks["count"], blocks["at"], objections["count"], objections["at"], themes)


@dataclass(frozen=True)
class SnapshotObjection:
    id: int
    code: str
    name: str
    theme: str
    # The answer's body for this objection, built once: code, name, theme and ranked blocks.
    payload: dict[str, Any]


@dataclass
class LibrarySnapshot:
    stamp: Stamp
    built_at: float
    objections: dict[int, SnapshotObjection] = field(default_factory=dict)
    frequency: dict[int, int] = field(default_factory=dict)
    library: list[dict[str, Any]] = field(default_factory=list)


def block_records(objection_ids: Iterable[int]) -> dict[int, BlockRecord]:
    """Per block: decided sales calls where it was inserted that ended in a sale / did not."""
    rows = (
        SidebarEvent.objects.filter(
            kind=SidebarEvent.Kind.INSERTED, objection_id__in=list(objection_ids),
            call__outcome__in=[Call.Outcome.SALE, Call.Outcome.NO_SALE],
        )
        .values_list("block_id", "call_id", "call__outcome")
        .distinct()
    )
    sales: Counter[int] = Counter()
    no_sales: Counter[int] = Counter()
    for block_id, _call_id, outcome in rows:
        (sales if outcome == Call.Outcome.SALE else no_sales)[block_id] += 1
    return {
        block_id: BlockRecord(sales=sales[block_id], no_sales=no_sales[block_id])
        for block_id in set(sales) | set(no_sales)
    }


def objection_frequency(*, now: Any = None) -> dict[int, int]:
    """Calls with each objection over the last FREQUENCY_DAYS."""
    since = (now or timezone.now()) - timedelta(days=FREQUENCY_DAYS)
    rows = (
        ObjectionHit.objects.filter(call__started_at__gte=since)
        .values("objection_id")
        .annotate(calls=Count("call_id", distinct=True))
        .values_list("objection_id", "calls")
    )
    return dict(rows)


def build_snapshot(stamp: Stamp) -> LibrarySnapshot:
    """Three reads: the active library, the block records, the objection frequencies."""
    objections = list(
        Objection.objects.active().select_related("theme").order_by(
            "theme__order", "theme__name", "name", "id"
        )
    )
    ids = [objection.pk for objection in objections]
    blocks_of: dict[int, dict[str, list[ResponseBlock]]] = defaultdict(lambda: defaultdict(list))
    for block in ResponseBlock.objects.active().filter(objection_id__in=ids).order_by("id"):
        blocks_of[block.objection_id][block.kind].append(block)
    records = block_records(ids)
    snapshot = LibrarySnapshot(stamp=stamp, built_at=time.monotonic(),
                               frequency=objection_frequency())
    themes: dict[int, dict[str, Any]] = {}
    for objection in objections:
        by_kind = blocks_of[objection.pk]
        prior = pooled_share(
            records[block.pk] for kind_blocks in by_kind.values() for block in kind_blocks
            if block.pk in records
        )
        ranked: dict[str, list[dict[str, Any]]] = {}
        for kind in KINDS:
            text_of = {block.pk: block.text for block in by_kind.get(kind, [])}
            order = rank_blocks(
                ((block.pk, block.order) for block in by_kind.get(kind, [])), records, prior
            )
            ranked[kind] = [{"id": block_id, "text": text_of[block_id]} for block_id in order]
        payload = {"code": objection.code, "name": objection.name,
                   "theme": objection.theme.name, "blocks": ranked}
        snapshot.objections[objection.pk] = SnapshotObjection(
            id=objection.pk, code=objection.code, name=objection.name,
            theme=objection.theme.name, payload=payload,
        )
        theme = themes.setdefault(objection.theme_id, {
            "id": objection.theme_id, "name": objection.theme.name, "objections": [],
        })
        theme["objections"].append({**payload, "description": objection.description})
    snapshot.library = list(themes.values())
    return snapshot


class SidebarLibrary:
    """The per-process snapshot, rebuilt when stale; the stamps are read at most every
    SIDEBAR_RECHECK_SECONDS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: LibrarySnapshot | None = None
        self._compiled: CompiledPhrases | None = None
        self._checked_at = -1e18
        self._phrases_checked_at = -1e18

    def snapshot(self) -> LibrarySnapshot:
        now = time.monotonic()
        current = self._snapshot
        recheck = float(getattr(settings, "SIDEBAR_RECHECK_SECONDS", 1.0))
        ranking = float(getattr(settings, "SIDEBAR_RANKING_SECONDS", 60.0))
        if (current is not None and now - self._checked_at < recheck
                and now - current.built_at < ranking):
            return current
        with self._lock:
            stamp = library_stamp()
            current = self._snapshot
            if current is None or current.stamp != stamp or now - current.built_at >= ranking:
                current = build_snapshot(stamp)
                self._snapshot = current
            self._checked_at = now
            return current

    def matcher(self) -> CompiledPhrases:
        """The compiled triggers; the phrase set's own stamp is read at most every recheck."""
        now = time.monotonic()
        recheck = float(getattr(settings, "SIDEBAR_RECHECK_SECONDS", 1.0))
        compiled = self._compiled
        if compiled is not None and now - self._phrases_checked_at < recheck:
            return compiled
        compiled = SIDEBAR_PHRASES.compiled()
        self._compiled = compiled
        self._phrases_checked_at = now
        return compiled

    def forget(self) -> None:
        """Drop what this process keeps (tests; a management command after a bulk change)."""
        with self._lock:
            self._snapshot = None
            self._compiled = None
            self._checked_at = self._phrases_checked_at = -1e18


SIDEBAR_LIBRARY = SidebarLibrary()


def find_objections(text: str) -> dict[int, list[Found]]:
    """Objection id → the widest matches of its triggers in the text, read as a customer's words;
    a match the customer concedes in the same sentence («дорого, но берём») is left out."""
    compiled = SIDEBAR_LIBRARY.matcher()
    if compiled.matcher is None:
        return {}
    segment = SegmentText("customer", 0.0, 0.0, text)
    by_owner: dict[int, list[Found]] = defaultdict(list)
    for match in compiled.matcher.match([segment], 0.0):
        if conceded(text, match.char_end):  # «дорого, но берём»: see objections/concession.py
            continue
        found = Found(match=match, segment_id=0,
                      text=text[match.char_start:match.char_end][:EVIDENCE_TEXT_LIMIT])
        by_owner[compiled.owner_of_phrase[found.phrase_id]].append(found)
    return {owner: widest_matches(found) for owner, found in by_owner.items()}


def _strength(found: list[Found]) -> tuple[int, int]:
    """The most words in one match (a longer trigger is more specific), then the most separate
    matches of the objection in the text."""
    widest = max(item.match.token_end - item.match.token_start + 1 for item in found)
    return (widest, len(found))


def suggest(*, text: str, limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """The objections in the text, best first, each with its evidence and ranked blocks.

    Order: match strength (`_strength`), then how many calls raised the objection over the last
    FREQUENCY_DAYS (the likelier reading of an ambiguous remark), then the later match (the
    customer's last words matter most), then the code. The evidence is the objection's widest
    match (the later one on a tie), as a span of the given text (`char_end` exclusive).
    """
    found = find_objections(text)
    if not found:
        return []
    snapshot = SIDEBAR_LIBRARY.snapshot()
    ranked = sorted(
        (
            (
                *(-value for value in _strength(items)),
                -snapshot.frequency.get(objection_id, 0),
                -max(item.match.char_start for item in items),
                snapshot.objections[objection_id].code,
                objection_id,
            )
            for objection_id, items in found.items()
            if objection_id in snapshot.objections
        ),
    )
    answer = []
    for row in ranked[:limit]:
        objection_id = int(row[-1])  # type: ignore[call-overload]
        items = found[objection_id]
        best = max(items, key=lambda item: (item.match.token_end - item.match.token_start,
                                            item.match.char_start))
        answer.append({
            **snapshot.objections[objection_id].payload,
            "evidence": {"text": best.text, "char_start": best.match.char_start,
                         "char_end": best.match.char_end},
        })
    return answer
