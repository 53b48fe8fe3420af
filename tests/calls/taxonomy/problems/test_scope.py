"""The scope's team restriction (added for the manager's dashboard, calls/dashboard/): the calls
of one team's operators, and the call list's `team` filter in its links."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs

import pytest

from calls.taxonomy.problems.scope import Period, Scope
from tests.factories import CallFactory, OperatorFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(date_from=date(2026, 3, 1), date_to=date(2026, 3, 7))


def test_a_team_scope_counts_its_operators_calls_and_keeps_the_team() -> None:
    at = datetime(2026, 3, 3, 9, tzinfo=UTC)
    ours, theirs = OperatorFactory(), OperatorFactory()
    mine = CallFactory(operator=ours, started_at=at)
    CallFactory(operator=theirs, started_at=at)
    scope = Scope(period=PERIOD, team=ours.team)
    assert list(scope.calls()) == [mine]
    assert parse_qs(scope.query())["team"] == [str(ours.team.pk)]
    previous = scope.with_period(PERIOD.previous())
    assert previous.team == ours.team
    # Without a team, nothing changes for top problems, co-occurrence and the weekly e-mail.
    assert "team" not in parse_qs(Scope(period=PERIOD).query())
    assert Scope(period=PERIOD).calls().count() == 2
