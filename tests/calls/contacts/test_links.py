"""Repeat windows, the transfer exclusion, transfer chains and out-of-order arrival."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError
from django.test import override_settings

from calls.contacts.links import (
    contact_link_call,
    contact_link_on_commit,
    contacts_link_all,
    link_unlinked_calls,
)
from calls.models import Call, ContactLink
from tests.factories import CallFactory
from tests.factories_contacts import customer_calls

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)
K = ContactLink.Kind
MIN, DAY = timedelta(minutes=1), timedelta(days=1)


def _link_in_order(calls: list[Call]) -> None:
    for call in calls:
        contact_link_call(call_id=call.pk)


def _state(calls: list[Call]) -> list[tuple[str, int | None, bool]]:
    links = ContactLink.objects.in_bulk([call.pk for call in calls])
    index = {call.pk: n for n, call in enumerate(calls)}
    return [
        (links[call.pk].kind,
         index.get(links[call.pk].repeat_of_id) if links[call.pk].repeat_of_id else None,
         links[call.pk].came_back)
        for call in calls
    ]


def test_repeat_within_window_first_after_it() -> None:
    # 60-second calls: the gap counts from the end of the previous call.
    calls = customer_calls("k", T0, timedelta(0), 3 * DAY, 3 * DAY + 8 * DAY)
    _link_in_order(calls)
    assert _state(calls) == [(K.FIRST, None, True), (K.REPEAT, 0, False), (K.FIRST, None, False)]
    second = ContactLink.objects.get(call=calls[1])
    assert second.previous_id == calls[0].pk
    assert second.gap_seconds == pytest.approx(3 * 86400 - 60)


def test_window_edge_is_inclusive() -> None:
    calls = customer_calls("k", T0, timedelta(0), 7 * DAY + timedelta(seconds=60), duration=60)
    _link_in_order(calls)
    assert _state(calls)[1] == (K.REPEAT, 0, False)
    late = customer_calls("m", T0, timedelta(0), 7 * DAY + timedelta(seconds=61), duration=60)
    _link_in_order(late)
    assert _state(late)[1] == (K.FIRST, None, False)


def test_a_call_within_fifteen_minutes_is_a_transfer_not_a_repeat() -> None:
    # The first call lasts 20 minutes; the second starts 5 minutes after it ended.
    calls = customer_calls("k", T0, timedelta(0), 25 * MIN, duration=20 * 60)
    _link_in_order(calls)
    assert _state(calls) == [(K.FIRST, None, False), (K.TRANSFER, None, False)]


@override_settings(REPEAT_TRANSFER_MINUTES=0, REPEAT_WINDOW_DAYS=2)
def test_windows_come_from_settings() -> None:
    calls = customer_calls("k", T0, timedelta(0), 2 * MIN, 5 * DAY)
    _link_in_order(calls)
    assert _state(calls) == [(K.FIRST, None, True), (K.REPEAT, 0, False), (K.FIRST, None, False)]


def test_a_return_after_a_transfer_repeats_the_contact_the_customer_started() -> None:
    first, transfer, back = customer_calls("k", T0, timedelta(0), 5 * MIN, 2 * DAY, duration=60)
    _link_in_order([first, transfer, back])
    assert _state([first, transfer, back]) == [
        (K.FIRST, None, True), (K.TRANSFER, None, True), (K.REPEAT, 0, False)
    ]
    assert ContactLink.objects.get(call=back).previous_id == transfer.pk


def test_calls_without_a_customer_key_get_no_link() -> None:
    call = CallFactory(customer_key="", started_at=T0)
    assert contact_link_call(call_id=call.pk) is None
    assert not ContactLink.objects.exists()
    assert contact_link_call(call_id=10**9) is None


@pytest.mark.parametrize("order", [(2, 0, 1), (1, 2, 0), (2, 1, 0), (0, 2, 1)])
def test_out_of_order_arrival_gives_the_same_links(order: tuple[int, ...]) -> None:
    calls = customer_calls("k", T0, timedelta(0), 3 * DAY, 5 * DAY)
    _link_in_order([calls[n] for n in order])
    assert _state(calls) == [(K.FIRST, None, True), (K.REPEAT, 0, True), (K.REPEAT, 1, False)]


def test_a_late_call_turns_the_next_one_into_a_transfer_and_moves_its_repeat() -> None:
    # a, then c (3 days later) and d (5 min after c); b arrives last, 5 min before c.
    a, c, d = customer_calls("k", T0, timedelta(0), 3 * DAY, 3 * DAY + 5 * MIN)
    e = customer_calls("k", T0, 4 * DAY)[0]
    _link_in_order([a, c, d, e])
    b = customer_calls("k", T0, 3 * DAY - 7 * MIN)[0]
    contact_link_call(call_id=b.pk)
    # b repeats a; c and d are now transfers of b's contact; e repeats b's contact.
    assert _state([a, b, c, d, e]) == [
        (K.FIRST, None, True), (K.REPEAT, 0, True), (K.TRANSFER, None, True),
        (K.TRANSFER, None, True), (K.REPEAT, 1, False),
    ]
    contacts_link_all()
    assert _state([a, b, c, d, e]) == [
        (K.FIRST, None, True), (K.REPEAT, 0, True), (K.TRANSFER, None, True),
        (K.TRANSFER, None, True), (K.REPEAT, 1, False),
    ]


def test_incremental_matches_the_bulk_pass_on_a_random_history() -> None:
    import random

    rng = random.Random(7)
    calls = []
    for key in ("a", "b", "c"):
        offsets = sorted(timedelta(minutes=rng.randint(0, 60 * 24 * 40)) for _ in range(25))
        calls += customer_calls(key, T0, *offsets, duration=rng.choice([30, 300, 900]))
    shuffled = calls[:]
    rng.shuffle(shuffled)
    _link_in_order(shuffled)
    incremental = _state(calls)
    assert contacts_link_all() == len(calls)
    assert _state(calls) == incremental


def test_incremental_linking_reads_a_bounded_span(django_assert_max_num_queries) -> None:
    # A year of monthly calls: linking a new one never reads the whole history.
    calls = customer_calls("k", T0, *(30 * n * DAY for n in range(12)))
    _link_in_order(calls)
    new = customer_calls("k", T0, 200 * DAY)[0]
    with django_assert_max_num_queries(12):
        contact_link_call(call_id=new.pk)


def test_link_waits_for_commit_and_a_fault_is_caught_up(django_capture_on_commit_callbacks,
                                                          monkeypatch) -> None:
    first = customer_calls("k", T0, timedelta(0))[0]
    contact_link_call(call_id=first.pk)
    second = customer_calls("k", T0, DAY)[0]

    def locked(*, call_id: int) -> None:
        raise DatabaseError("database is locked")

    monkeypatch.setattr("calls.contacts.links.contact_link_call", locked)
    with django_capture_on_commit_callbacks(execute=True):
        contact_link_on_commit(second.pk)
    assert not ContactLink.objects.filter(call=second).exists()
    monkeypatch.undo()
    assert link_unlinked_calls() == 1
    assert _state([first, second]) == [(K.FIRST, None, True), (K.REPEAT, 0, False)]


def test_transcript_import_links_the_call(django_capture_on_commit_callbacks) -> None:
    from calls.transcripts import call_import_transcript

    record = {
        "external_id": "x-1", "customer": "+7 916 555-01-23",
        "started_at": "2026-03-02T10:00:00+00:00",
        "segments": [{"speaker": "customer", "start": 0, "end": 2, "text": "Алло"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = call_import_transcript(record=record, create_missing=True).call
        second = call_import_transcript(
            record={**record, "external_id": "x-2", "started_at": "2026-03-04T10:00:00+00:00"},
            create_missing=True,
        ).call
    assert ContactLink.objects.get(call=second).repeat_of_id == first.pk


def test_link_contacts_command_and_catch_up_schedule(run_command) -> None:
    from calls.contacts.tasks import link_unlinked_contacts
    from project.schedules import registered_schedules

    calls = customer_calls("k", T0, timedelta(0), DAY)
    assert "Calls with a customer key and no link: 2" in run_command("link_contacts", "--dry-run")
    assert link_unlinked_contacts() == 2
    assert "Linked 2 calls" in run_command("link_contacts")
    assert _state(calls) == [(K.FIRST, None, True), (K.REPEAT, 0, False)]
    assert "calls.contacts.tasks.link_unlinked_contacts" in {
        task.func for task in registered_schedules()}
