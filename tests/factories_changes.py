"""Factories and builders for the tests of calls/changes/: many calls over many days, quickly."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory

from calls.models import Call, CallTag, Change, Line, Operator, Tag

MOSCOW = ZoneInfo("Europe/Moscow")
_numbers = itertools.count()


class ChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Change

    title = factory.Sequence(lambda n: f"Изменение {n}")
    changed_on = date(2026, 3, 15)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def calls_on_days(
    *,
    on: list[date],
    per_day: int,
    operator: Operator,
    line: Line,
    tag: Tag | None = None,
    tagged: Callable[[int], bool] = lambda i: False,
    duration: Callable[[int], float] = lambda i: 60.0,
    hour: int = 12,
) -> list[Call]:
    """`per_day` analysed calls on each day at `hour` local time (a minute apart); call number i
    (counted over all of them) lasts duration(i) and carries `tag` when tagged(i)."""
    index = 0
    built: list[Call] = []
    for day in on:
        for k in range(per_day):
            started = datetime.combine(day, time(hour, 0), tzinfo=MOSCOW) + timedelta(minutes=k)
            built.append(
                Call(
                    external_id=f"change-call-{next(_numbers)}",
                    line=line, operator=operator, started_at=started, duration=duration(index),
                    source=Call.Source.API, status=Call.Status.ANALYSED,
                    channel_layout=Call.ChannelLayout.STEREO,
                )
            )
            index += 1
    created = Call.objects.bulk_create(built)
    if tag is not None:
        CallTag.objects.bulk_create(
            [
                CallTag(call=call, tag=tag, source=CallTag.Source.MANUAL)
                for i, call in enumerate(created)
                if tagged(i)
            ]
        )
    return created
