"""Placing each call in its customer's history: first contact, transfer or repeat.

The customer is `Call.customer_key` (the phone's keyed hash); a call without one gets no link.
The gap is measured from the END of the customer's previous call (its start plus its duration)
to the start of this one, never negative: a transfer happens when the first call ends, so a
twenty-minute call followed by a transfer is still a transfer.

* gap < REPEAT_TRANSFER_MINUTES — a transfer or a dropped line: the same contact goes on;
* gap ≤ REPEAT_WINDOW_DAYS — a repeat: the customer came back, the previous contact did not
  settle the question;
* otherwise (or no earlier call) — a first contact.

A **contact** is a first or repeat call (its head) with the transfers that follow it. A repeat is
a repeat of the previous CONTACT: `repeat_of` is that contact's head, even when the customer's
latest call was a transfer (billing → transfer to support → the customer calls again in three
days: the repeat is of the billing call, the contact the customer started). `came_back` is set on
every call of a contact that a repeat followed, so the contact's head — the call FCR counts
(transfers are left out of FCR, calls/metrics/definitions.py) — carries it.

Incremental linking (`contact_link_call`) recomputes only the customer's calls within a bounded
span around the new call: a call may arrive out of order, which changes the link of the call
after it, and if that one turns into (or stops being) a transfer, the contact heads of its
transfers and the `repeat_of` of the next contact. Everything that can change lies within two
repeat windows after the new call: the span read is the customer's calls from one window before
it to two windows (plus a day) after, one anchor call before and one after — a handful of
queries, whatever the archive's size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from calls.models import Call, ContactLink

logger = logging.getLogger(__name__)

# Rows written per bulk query by contacts_link_all (SQLite's variable limit allows far more).
BATCH = 2000
# The periodic catch-up links at most this many calls per run (the rest wait for the next run).
CATCH_UP_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class _CallTime:
    pk: int
    started_at: datetime
    duration: float

    @property
    def ended_at(self) -> datetime:
        return self.started_at + timedelta(seconds=max(self.duration or 0.0, 0.0))


@dataclass(frozen=True, slots=True)
class _Link:
    """What a call's ContactLink should say (came_back is decided per contact, afterwards)."""

    pk: int
    started_at: datetime
    previous: int | None
    gap_seconds: float | None
    kind: str
    head: int
    repeat_of: int | None


def _windows() -> tuple[timedelta, timedelta]:
    return (
        timedelta(minutes=settings.REPEAT_TRANSFER_MINUTES),
        timedelta(days=settings.REPEAT_WINDOW_DAYS),
    )


def _chain(calls: Sequence[_CallTime], *, before: _CallTime | None, before_head: int | None,
           windows: tuple[timedelta, timedelta] | None = None) -> list[_Link]:
    """The links of one customer's calls in order, given the call just before them (if any)."""
    transfer, window = windows or _windows()
    links: list[_Link] = []
    previous, head = before, before_head
    for call in calls:
        if previous is None:
            link = _Link(call.pk, call.started_at, None, None, ContactLink.Kind.FIRST, call.pk,
                          None)
        else:
            gap = max(call.started_at - previous.ended_at, timedelta(0))
            seconds = gap.total_seconds()
            if gap < transfer and head is not None:
                link = _Link(call.pk, call.started_at, previous.pk, seconds,
                             ContactLink.Kind.TRANSFER, head, None)
            elif gap <= window:
                link = _Link(call.pk, call.started_at, previous.pk, seconds,
                             ContactLink.Kind.REPEAT, call.pk, head)
            else:
                link = _Link(call.pk, call.started_at, previous.pk, seconds,
                             ContactLink.Kind.FIRST, call.pk, None)
        links.append(link)
        previous, head = call, link.head
    return links


def _came_back(links: Sequence[_Link]) -> dict[int, bool]:
    """Per call: whether a repeat followed its contact. The last contact in `links` is absent
    (what follows it is not known here)."""
    result: dict[int, bool] = {}
    members: list[int] = []
    for link in links:
        if link.kind != ContactLink.Kind.TRANSFER and members:
            came_back = link.kind == ContactLink.Kind.REPEAT
            result.update(dict.fromkeys(members, came_back))
            members = []
        members.append(link.pk)
    return result


def _row(link: _Link, came_back: bool) -> ContactLink:
    return ContactLink(
        call_id=link.pk, previous_id=link.previous, gap_seconds=link.gap_seconds,
        kind=link.kind, repeat_of_id=link.repeat_of, came_back=came_back,
        started_at=link.started_at,
    )


def _same(row: ContactLink, stored: ContactLink) -> bool:
    return (
        row.previous_id == stored.previous_id and row.kind == stored.kind
        and row.repeat_of_id == stored.repeat_of_id and row.came_back == stored.came_back
        and row.started_at == stored.started_at
        and (row.gap_seconds is None) == (stored.gap_seconds is None)
        and abs((row.gap_seconds or 0.0) - (stored.gap_seconds or 0.0)) < 1e-3
    )


def _times(rows: Iterable[tuple[int, datetime, float]]) -> list[_CallTime]:
    return [_CallTime(pk, started_at, duration) for pk, started_at, duration in rows]


def _head_of(call_id: int) -> int:
    """The head of a stored call's contact: walk back over its transfers (rarely more than one)."""
    current = call_id
    for _step in range(1000):
        link = ContactLink.objects.filter(call_id=current).values("kind", "previous_id").first()
        if link is None or link["kind"] != ContactLink.Kind.TRANSFER or link["previous_id"] is None:
            return current
        current = link["previous_id"]
    return current


def contact_link_call(*, call_id: int) -> ContactLink | None:
    """Link one stored call into its customer's history and re-link what its arrival changes.

    None for a call without a customer key (or gone). Runs in its own transaction.
    """
    call = Call.objects.filter(pk=call_id).values("customer_key", "started_at").first()
    if call is None:
        return None
    if not call["customer_key"]:
        ContactLink.objects.filter(call_id=call_id).delete()
        return None
    _transfer, window = _windows()
    low = call["started_at"] - window - timedelta(days=1)
    high = call["started_at"] + 2 * window + timedelta(days=1)
    customer = Call.objects.filter(customer_key=call["customer_key"])
    fields = ("pk", "started_at", "duration")
    with transaction.atomic():
        span = _times(
            customer.filter(started_at__gte=low, started_at__lte=high)
            .order_by("started_at", "pk").values_list(*fields)
        )
        anchor_rows = _times(
            customer.filter(started_at__lt=low).order_by("-started_at", "-pk")
            .values_list(*fields)[:1]
        )
        after = _times(
            customer.filter(started_at__gt=high).order_by("started_at", "pk")
            .values_list(*fields)[:1]
        )
        anchor = anchor_rows[0] if anchor_rows else None
        links = _chain([*span, *after], before=anchor,
                       before_head=_head_of(anchor.pk) if anchor else None)
        came_back = _came_back(links)
        stored = ContactLink.objects.in_bulk([link.pk for link in links])
        creates, updates = [], []
        for link in links:
            old = stored.get(link.pk)
            # The last contact's came_back depends on calls past the span: keep what is stored.
            back = came_back.get(link.pk, old.came_back if old is not None else False)
            row = _row(link, back)
            if old is None:
                creates.append(row)
            elif not _same(row, old):
                updates.append(row)
        ContactLink.objects.bulk_create(creates)
        ContactLink.objects.bulk_update(
            updates, ["previous", "gap_seconds", "kind", "repeat_of", "came_back", "started_at"]
        )
    return ContactLink.objects.filter(call_id=call_id).first()


def contact_link_on_commit(call_id: int) -> None:
    """Link a call once the transaction storing it commits. A database fault here is logged and
    left to the periodic catch-up (`link_unlinked_calls`): the call is stored either way, and a
    call with a customer key but no link is exactly what the catch-up looks for."""

    def link() -> None:
        try:
            contact_link_call(call_id=call_id)
        except DatabaseError:
            logger.warning("Contact link of call %s failed; the catch-up will retry", call_id,
                           exc_info=True)

    transaction.on_commit(link)


def unlinked_call_ids(limit: int = CATCH_UP_LIMIT) -> list[int]:
    """Calls with a customer key and no link, oldest first (linking in order is cheapest)."""
    return list(
        Call.objects.exclude(customer_key="").filter(contact__isnull=True)
        .order_by("started_at", "pk").values_list("pk", flat=True)[:limit]
    )


def link_unlinked_calls() -> int:
    """The catch-up: link the calls a failed or lost link left behind; how many were linked."""
    linked = 0
    for call_id in unlinked_call_ids():
        contact_link_call(call_id=call_id)
        linked += 1
    return linked


def _customers(rows: Iterator[tuple[int, str, datetime, float]]
               ) -> Iterator[list[_CallTime]]:
    current_key: str | None = None
    calls: list[_CallTime] = []
    for pk, key, started_at, duration in rows:
        if key != current_key and calls:
            yield calls
            calls = []
        current_key = key
        calls.append(_CallTime(pk, started_at, duration))
    if calls:
        yield calls


_COLUMNS = ("call", "previous", "gap_seconds", "kind", "repeat_of", "came_back", "started_at",
            "linked_at")


def _rows_per_insert() -> int:
    """Rows per multi-row INSERT: within the backend's limit of query parameters."""
    limit = connection.features.max_query_params or 10_000
    return max(1, min(500, limit // len(_COLUMNS)))


def _insert(cursor: Any, rows: Sequence[tuple[Any, ...]]) -> None:
    """One multi-row INSERT per chunk: one round trip for hundreds of rows (executemany is a
    round trip per row on PostgreSQL)."""
    meta = ContactLink._meta
    columns = [str(getattr(meta.get_field(name), "column", name)) for name in _COLUMNS]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    row_sql = f"({', '.join(['%s'] * len(columns))})"
    size = _rows_per_insert()
    for offset in range(0, len(rows), size):
        chunk = rows[offset:offset + size]
        cursor.execute(head + ", ".join([row_sql] * len(chunk)),
                       [value for row in chunk for value in row])


def contacts_link_all() -> int:
    """Recompute every link of the archive (after a change of the windows, or to repair): one
    sorted pass per customer, written in batches in one transaction; the number of links.

    The rows go in as multi-row INSERTs rather than bulk_create: building 100,000 model
    instances and preparing each field through the ORM cost most of the time (tests/benchmarks/
    bench_repeat_links.py); the values here are plain ids, numbers, a choice and datetimes,
    adapted once by the backend's own `adapt_datetimefield_value`.
    """
    rows = (
        Call.objects.exclude(customer_key="")
        .order_by("customer_key", "started_at", "pk")
        .values_list("pk", "customer_key", "started_at", "duration")
    )
    adapt = connection.ops.adapt_datetimefield_value
    linked_at = adapt(timezone.now())
    windows = _windows()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        ContactLink.objects.all().delete()
        batch: list[tuple[Any, ...]] = []
        for calls in _customers(rows.iterator(chunk_size=BATCH)):
            links = _chain(calls, before=None, before_head=None, windows=windows)
            came_back = _came_back(links)
            batch.extend(
                (link.pk, link.previous, link.gap_seconds, str(link.kind), link.repeat_of,
                 came_back.get(link.pk, False), adapt(link.started_at), linked_at)
                for link in links
            )
            if len(batch) >= BATCH:
                _insert(cursor, batch)
                written += len(batch)
                batch = []
        if batch:
            _insert(cursor, batch)
            written += len(batch)
    return written
