"""calls/taxonomy/problems/weekly.py: the weekly e-mail of the top problems, its recipients,
its text and links, and its schedule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings

from calls.schedules import SCHEDULES
from calls.taxonomy.problems.tasks import send_weekly_top_problems
from calls.taxonomy.problems.weekly import last_week, weekly_problems_send
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
MONDAY = date(2026, 11, 16)


@pytest.fixture
def last_weeks_calls() -> None:
    tech = TagCategoryFactory(name="Технические неполадки")
    login = TagFactory(code="login", name="Ошибка при авторизации", category=tech)
    promo = TagFactory(code="promo", name="Не пришёл промокод", category=tech)
    for index in range(10):
        call = CallFactory(started_at=datetime(2026, 11, 12, 9, index, tzinfo=MOSCOW))
        if index < 4:
            CallTagFactory(call=call, tag=login)
            CallTagFactory(call=call, tag=promo)


def test_last_week_is_monday_to_sunday() -> None:
    period = last_week(date(2026, 11, 18))  # a Wednesday
    assert (period.date_from, period.date_to) == (date(2026, 11, 9), date(2026, 11, 15))
    assert last_week(MONDAY) == period


@override_settings(SITE_URL="https://slyshu.example.ru", TOP_PROBLEMS_RECIPIENTS=[])
def test_managers_and_admins_with_an_address_get_it(last_weeks_calls: None) -> None:
    UserFactory(role=Role.ADMIN, email="admin@example.ru")
    UserFactory(role=Role.MANAGER, email="")  # no address: nothing
    UserFactory(role=Role.TRAINER, email="trainer@example.ru")  # not a recipient
    UserFactory(role=Role.OPERATOR, email="op@example.ru")
    assert weekly_problems_send(today=MONDAY) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@example.ru"]
    assert message.subject == "Главные проблемы за неделю 09.11–15.11.2026"
    body = message.body
    assert "1. 40% — Ошибка при авторизации: 4\u00a0звонка" in body
    assert "40% — Технические неполадки, из них 100% — Ошибка при авторизации" in body
    assert (
        "https://slyshu.example.ru/calls/?date_from=2026-11-09&date_to=2026-11-15"
        "&status=analysed&tag=login"
    ) in body
    assert "https://slyshu.example.ru/taxonomy/problems/?date_from=2026-11-09" in body
    assert "есть и «" in body  # the strong pair, in words
    html, kind = message.alternatives[0]
    assert kind == "text/html" and '<a href="https://slyshu.example.ru/calls/?' in html


@override_settings(TOP_PROBLEMS_RECIPIENTS=["cc@example.ru", "head@example.ru"])
def test_the_setting_names_the_recipients(last_weeks_calls: None) -> None:
    UserFactory(role=Role.ADMIN, email="admin@example.ru")
    assert send_weekly_top_problems() >= 0  # the task runs on today's date
    mail.outbox.clear()
    assert weekly_problems_send(today=MONDAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["cc@example.ru", "head@example.ru"]


@override_settings(TOP_PROBLEMS_RECIPIENTS=[])
def test_a_manager_reads_their_teams_calls_and_nobody_gets_an_empty_week(
    last_weeks_calls: None,
) -> None:
    manager = UserFactory(role=Role.MANAGER, email="boss@example.ru")
    idle = UserFactory(role=Role.MANAGER, email="idle@example.ru")
    TeamFactory(manager=idle)
    own = OperatorFactory(team=TeamFactory(manager=manager))
    CallFactory(operator=own, started_at=datetime(2026, 11, 13, 9, 0, tzinfo=MOSCOW))
    assert weekly_problems_send(today=MONDAY) == 1
    assert mail.outbox[0].to == ["boss@example.ru"]
    assert "1\u00a0проанализированный звонок" in mail.outbox[0].body


def test_it_is_scheduled_on_monday_mornings() -> None:
    task = next(task for task in SCHEDULES if task.name == "weekly-top-problems")
    assert task.func == "calls.taxonomy.problems.tasks.send_weekly_top_problems"
    assert task.cron == "0 8 * * 1"
