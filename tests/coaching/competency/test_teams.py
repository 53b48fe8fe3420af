"""/coaching/teams/: each team's manager, operators, calls this month and open cycles, every
number a link to the list it counts, filtered as counted; a manager sees their teams only."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from coaching.competency.teams import Month, team_summaries
from coaching.models import CoachingCycle
from project.roles import Role
from tests.coaching.competency.conftest import Competency
from tests.factories import CallFactory, CoachingCycleFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db
Stage = CoachingCycle.Stage


def _this_month(competency: Competency) -> None:
    today = timezone.localdate()
    noon = timezone.make_aware(datetime.combine(today.replace(day=1), time(12)))
    for _ in range(3):
        CallFactory(operator=competency.a, started_at=noon)
    CallFactory(operator=competency.b, started_at=noon)
    CallFactory(operator=competency.d, started_at=noon)
    # Last month's call is not counted.
    CallFactory(operator=competency.a, started_at=noon - timedelta(days=1))
    CoachingCycleFactory(operator=competency.a, skill=competency.need, stage=Stage.CONTROL)
    CoachingCycleFactory(operator=competency.a, skill=competency.greeting, stage=Stage.DONE)
    CoachingCycleFactory(operator=competency.b, skill=competency.need, stage=Stage.LISTEN)
    CoachingCycleFactory(operator=competency.d, skill=competency.need, stage=Stage.LISTEN)


def test_the_numbers_per_team_and_operator(competency: Competency) -> None:
    _this_month(competency)
    manager = competency.team.manager
    (summary,) = team_summaries(user=manager, teams=competency.team.__class__.objects.filter(
        manager=manager), today=timezone.localdate())
    assert summary.manager == manager
    assert (summary.calls, summary.open_cycles) == (4, 2)
    rows = {row.operator.code: (row.calls, row.open_cycles) for row in summary.operators}
    assert rows == {"a": (3, 1), "b": (1, 1), "c": (0, 0)}


def test_each_number_opens_the_list_it_counts(competency: Competency) -> None:
    _this_month(competency)
    client = client_for(competency.team.manager)
    response = client.get("/coaching/teams/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "4\u00a0звонка</a> за месяц" in html
    assert "2\u00a0открытых цикла" in html
    assert 'href="/coaching/operators/a/"' in html
    (summary,) = response.context["teams"]
    for url, count in [(summary.calls_url, summary.calls),
                       *[(row.calls_url, row.calls) for row in summary.operators]]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.context["page"].paginator.count == count, url
    for url, count in [(summary.cycles_url, summary.open_cycles),
                       *[(row.cycles_url, row.open_cycles) for row in summary.operators]]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert len(page.context["due"]) + len(page.context["running"]) == count, url
        assert page.context["closed"] == []
    month = Month.of(timezone.localdate())
    assert f"date_from={month.first.isoformat()}" in summary.calls_url
    assert f"team={competency.team.pk}" in summary.calls_url


def test_a_manager_sees_their_teams_only_and_trainers_all(competency: Competency) -> None:
    _this_month(competency)
    html = client_for(competency.team.manager).get("/coaching/teams/").content.decode()
    assert competency.other_team.name not in html and 'data-operator="d"' not in html
    trainer = client_for(UserFactory(role=Role.TRAINER)).get("/coaching/teams/")
    assert {s.team for s in trainer.context["teams"]} == {competency.team, competency.other_team}
    # Another team's calls in the call list filter: not a choice for the manager.
    refused = client_for(competency.team.manager).get(
        "/calls/", {"team": competency.other_team.pk})
    assert refused.context["page"].paginator.count == 0
