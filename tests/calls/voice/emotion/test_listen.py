"""The weekly listen-list: the hottest calls of the week, each at its hottest moment; managers see
their teams', trainers and admins all, operators none (issue 18 §3)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from calls.models import Call, CallEmotion, Operator
from calls.voice.emotion.listen import hottest_calls, week_listen_list
from calls.weeks import Week
from tests.factories import CallFactory, client_for

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))
WEEK = Week.parse("2026-W49")


def hot_call(
    operator: Operator,
    *,
    score: float,
    at: float = 12.0,
    hot: bool = True,
    started: datetime = MONDAY,
) -> Call:
    call = CallFactory(operator=operator, started_at=started)
    CallEmotion.objects.create(
        call=call,
        analysed_at=timezone.now(),
        emotion="irritated",
        score=score,
        hot=hot,
        hot_score=score,
        hot_at=at if hot else None,
    )
    return call


def test_week_parsing() -> None:
    assert WEEK.monday.isoformat() == "2026-11-30" and WEEK.code == "2026-W49"
    with pytest.raises(ValueError):
        Week.parse("на прошлой неделе")


def test_hottest_first_only_hot_only_that_week(trainer_user: User, operator: Operator) -> None:
    mild = hot_call(operator, score=3.0)
    hottest = hot_call(operator, score=6.0)
    hot_call(operator, score=2.0, hot=False)
    last_week = hot_call(operator, score=9.0, started=MONDAY - timedelta(days=7))

    found = week_listen_list(user=trainer_user, week=WEEK)

    assert [item.call_id for item in found] == [hottest.pk, mild.pk]
    assert [item.call_id for item in hottest_calls(Call.objects.all(), limit=1)] == [last_week.pk]


def test_roles_see_only_the_calls_they_may_and_operators_none(
    trainer_user: User,
    manager_user: User,
    managed_operator: Operator,
    operator: Operator,
) -> None:
    own_team = hot_call(managed_operator, score=5.0, at=42.5)
    other_team = hot_call(operator, score=7.0)
    url = reverse("voice_emotion:hot") + "?week=2026-W49"

    trainer_page = client_for(trainer_user).get(url).content.decode()
    manager_page = client_for(manager_user).get(url).content.decode()

    assert f'data-hot-call="{own_team.pk}"' in trainer_page
    assert f'data-hot-call="{other_team.pk}"' in trainer_page
    assert f'data-hot-call="{own_team.pk}"' in manager_page
    assert f'data-hot-call="{other_team.pk}"' not in manager_page
    assert f"/calls/{own_team.pk}/#t=42.5" in manager_page
    assert client_for(operator.user).get(url).status_code == 403
    assert client_for(managed_operator.user).get(url).status_code == 403
    assert week_listen_list(user=operator.user, week=WEEK) == []


def test_a_bad_week_says_so_in_russian(trainer_user: User) -> None:
    response = client_for(trainer_user).get(reverse("voice_emotion:hot") + "?week=вчера")
    assert response.status_code == 200
    assert "Неделя указана неверно" in response.content.decode()
