from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from calls.local_days import day_start, started_on_days
from calls.models import Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_the_days_range_matches_the_date_lookup_at_the_local_midnights() -> None:
    # Moscow is UTC+3: 20:59 UTC on the 9th is 23:59 on the 9th there, 21:00 UTC is the 10th.
    times = [datetime(2026, 11, 9, 20, 59, tzinfo=UTC), datetime(2026, 11, 9, 21, 0, tzinfo=UTC),
             datetime(2026, 11, 10, 20, 59, tzinfo=UTC), datetime(2026, 11, 10, 21, 0, tzinfo=UTC)]
    calls = [CallFactory(started_at=at) for at in times]
    with timezone.override("Europe/Moscow"):
        found = set(Call.objects.filter(started_on_days(date(2026, 11, 10), date(2026, 11, 10))))
        by_date = set(Call.objects.filter(started_at__date=date(2026, 11, 10)))
        assert found == by_date == {calls[1], calls[2]}
        assert day_start(date(2026, 11, 10)) == datetime(2026, 11, 9, 21, 0, tzinfo=UTC)
        assert set(Call.objects.filter(started_on_days(None, date(2026, 11, 9)))) == {calls[0]}
        assert set(Call.objects.filter(started_on_days(date(2026, 11, 11), None))) == {calls[3]}
        assert Call.objects.filter(started_on_days(None, None)).count() == 4
