"""The shared figures on calls built by hand: shares, means, what is left out, days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calls.metrics.aggregates import metric_daily, metric_figure, metric_values
from calls.metrics.definitions import FCR, HANDLING_TIME, HOT_SHARE, REPEAT_SHARE, tag_rate
from calls.models import Call, CallEmotion, ContactLink
from tests.factories import CallFactory, CallTagFactory, TagFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


def _link(call: Call, kind: str, *, came_back: bool = False) -> None:
    ContactLink.objects.create(call=call, kind=kind, came_back=came_back,
                               started_at=call.started_at)


def test_hot_share_counts_only_calls_with_an_emotion_analysis() -> None:
    hot, calm, _unmeasured = CallFactory.create_batch(3, started_at=NOW)
    for call, is_hot in ((hot, True), (calm, False)):
        CallEmotion.objects.create(call=call, analysed_at=NOW, emotion="neutral", score=0,
                                   hot=is_hot)
    figure = metric_figure(Call.objects.all(), HOT_SHARE, now=NOW)
    assert figure.measured == 2 and figure.value == pytest.approx(0.5)


def test_repeat_share_leaves_out_transfers_and_unlinked_calls() -> None:
    calls = CallFactory.create_batch(5, started_at=NOW)
    _link(calls[0], ContactLink.Kind.FIRST)
    _link(calls[1], ContactLink.Kind.REPEAT)
    _link(calls[2], ContactLink.Kind.REPEAT)
    _link(calls[3], ContactLink.Kind.TRANSFER)
    figure = metric_figure(Call.objects.all(), REPEAT_SHARE, now=NOW)
    assert (figure.measured, figure.value) == (3, pytest.approx(2 / 3))


def test_fcr_waits_for_the_repeat_window_to_close() -> None:
    old = CallFactory.create_batch(4, started_at=NOW - timedelta(days=10))
    recent = CallFactory(started_at=NOW - timedelta(days=2))
    _link(old[0], ContactLink.Kind.FIRST, came_back=True)
    _link(old[1], ContactLink.Kind.FIRST)
    _link(old[2], ContactLink.Kind.REPEAT)
    _link(old[3], ContactLink.Kind.TRANSFER)
    _link(recent, ContactLink.Kind.FIRST)
    figure = metric_figure(Call.objects.all(), FCR, now=NOW)
    assert (figure.measured, figure.value) == (3, pytest.approx(2 / 3))


def test_means_by_day_and_values() -> None:
    CallFactory(started_at=NOW - timedelta(days=1), duration=100)
    CallFactory(started_at=NOW - timedelta(days=1), duration=200)
    CallFactory(started_at=NOW, duration=30)
    daily = metric_daily(Call.objects.all(), HANDLING_TIME, now=NOW)
    assert [(day.isoformat(), f.value, f.measured) for day, f in daily.items()] == [
        ("2026-03-19", 150.0, 2), ("2026-03-20", 30.0, 1)]
    assert sorted(metric_values(Call.objects.all(), HANDLING_TIME, now=NOW)) == [30, 100, 200]


def test_tag_rate_counts_a_call_once_whatever_put_the_tag() -> None:
    tag = TagFactory()
    tagged, _other = CallFactory.create_batch(2, started_at=NOW)
    CallTagFactory(call=tagged, tag=tag, source="auto")
    CallTagFactory(call=tagged, tag=tag, source="manual")
    figure = metric_figure(Call.objects.all(), tag_rate(tag), now=NOW)
    assert (figure.measured, figure.value) == (2, pytest.approx(0.5))
