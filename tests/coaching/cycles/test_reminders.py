"""The control re-listen reminder: sent once per due cycle to the team's manager, and the daily
schedule that runs it."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from calls.models import Operator
from coaching.cycles.reminders import _message, cycles_remind
from coaching.cycles.tasks import remind_due_cycles
from coaching.models import CoachingCycle, Skill
from project.roles import Role
from project.schedules import registered_schedules
from tests.factories import (
    CoachingCycleFactory,
    OperatorFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Stage = CoachingCycle.Stage
TODAY = date(2026, 11, 30)


def _cycle(team, due: date, **fields: object) -> CoachingCycle:  # type: ignore[no-untyped-def]
    values: dict = {"operator": OperatorFactory(team=team, display_name=f"Оператор {due:%d}"),
                    "stage": Stage.CONTROL, "trained_on": due - timedelta(days=14),
                    "control_due": due}
    values.update(fields)
    return CoachingCycleFactory(**values)


@override_settings(SITE_URL="https://slyshu.example")
def test_a_due_cycle_is_reminded_once_and_a_future_one_not() -> None:
    team = TeamFactory(manager=UserFactory(email="boss@example.com", role=Role.MANAGER))
    today = _cycle(team, TODAY, skill=SkillFactory(name="Резюмирование"))
    overdue = _cycle(team, TODAY - timedelta(days=3))
    future = _cycle(team, TODAY + timedelta(days=1))
    done = _cycle(team, TODAY - timedelta(days=5), stage=Stage.DONE)
    assert cycles_remind(today=TODAY) == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["boss@example.com"]
    assert "Контрольное прослушивание" in message.subject and message.subject.endswith(": 2")
    assert "Резюмирование" in message.body and "30.11.2026" in message.body
    assert "Оператор 27" in message.body and "просрочен на 3\u00a0дня" in message.body
    assert "https://slyshu.example/coaching/cycles/#due" in message.body
    for cycle, reminded in ((today, True), (overdue, True), (future, False), (done, False)):
        cycle.refresh_from_db()
        assert (cycle.reminded_at is not None) is reminded
    assert cycles_remind(today=TODAY) == 0
    assert len(mail.outbox) == 1
    # The next day the future one falls due: only it is reminded.
    assert cycles_remind(today=TODAY + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2 and "Оператор 01" in mail.outbox[1].body


def test_each_manager_hears_of_their_own_teams_only() -> None:
    first = TeamFactory(manager=UserFactory(email="a@example.com", role=Role.MANAGER))
    second = TeamFactory(manager=UserFactory(email="b@example.com", role=Role.MANAGER))
    mine = _cycle(first, TODAY)
    _cycle(second, TODAY - timedelta(days=1))
    assert cycles_remind(today=TODAY) == 2
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_address) == {"a@example.com", "b@example.com"}
    assert mine.operator.display_name in by_address["a@example.com"]
    assert mine.operator.display_name not in by_address["b@example.com"]


def test_without_a_manager_e_mail_the_cycle_stays_unmarked(
        caplog: pytest.LogCaptureFixture) -> None:
    silent = _cycle(TeamFactory(manager=UserFactory(email="", role=Role.MANAGER)), TODAY)
    orphan = _cycle(TeamFactory(manager=None), TODAY)
    with caplog.at_level(logging.WARNING, logger="coaching.cycles.reminders"):
        assert cycles_remind(today=TODAY) == 0
    assert mail.outbox == []
    assert CoachingCycle.objects.filter(pk__in=[silent.pk, orphan.pk],
                                        reminded_at__isnull=True).count() == 2
    assert "no manager e-mail" in caplog.text


def test_a_failed_send_marks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = _cycle(TeamFactory(manager=UserFactory(email="a@example.com", role=Role.MANAGER)),
                   TODAY)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("SMTP down")

    monkeypatch.setattr("coaching.cycles.reminders.send_mail", refuse)
    with pytest.raises(OSError):
        cycles_remind(today=TODAY)
    cycle.refresh_from_db()
    assert cycle.reminded_at is None


def test_the_daily_schedule_runs_the_task() -> None:
    (task,) = [t for t in registered_schedules() if t.name == "coaching-cycle-reminders"]
    assert (task.func, task.cron) == ("coaching.cycles.tasks.remind_due_cycles", "0 8 * * *")
    team = TeamFactory(manager=UserFactory(email="a@example.com", role=Role.MANAGER))
    _cycle(team, timezone.localdate() - timedelta(days=1))
    assert remind_due_cycles() == 1
    assert remind_due_cycles() == 0


@pytest.mark.parametrize(("days", "words"), [(1, "1\u00a0день"), (3, "3\u00a0дня"),
                                             (5, "5\u00a0дней"), (21, "21\u00a0день")])
def test_the_overdue_days_read_right(days: int, words: str) -> None:
    cycle = CoachingCycle(operator=Operator(display_name="Оператор"), skill=Skill(name="Навык"),
                          control_due=date(2026, 12, 6) - timedelta(days=days))
    _subject, body = _message([cycle], today=date(2026, 12, 6))
    assert f"(просрочен на {words})" in body
