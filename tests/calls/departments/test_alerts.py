"""Same-day alerts: the threshold (fixed or learned), one e-mail a day per tag, quiet tags."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from scipy.stats import poisson

from calls.departments.alerts import (
    MIN_THRESHOLD,
    alert_headline,
    alerts_check,
    learned_threshold,
)
from calls.departments.outbox import outbox_send_due
from calls.models import CallShare, DepartmentAlert, OutgoingEmail, TagAlertThreshold
from tests.factories import TagFactory
from tests.factories_departments import DepartmentFactory, department_member, tagged_call

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")  # the site's time zone (settings.TIME_ZONE)

NOW = datetime(2026, 3, 11, 16, tzinfo=MSK)


def _today(hour: int) -> datetime:
    return NOW.replace(hour=hour)


def test_learned_threshold_is_the_poisson_upper_quantile_and_never_below_three() -> None:
    assert learned_threshold(0) == MIN_THRESHOLD
    assert learned_threshold(0.2) == MIN_THRESHOLD
    for mean in (4.0, 10.0, 30.0):
        k = learned_threshold(mean)
        # k is the first count at least as rare as 1 %; k − 1 is not that rare.
        assert poisson.sf(k - 1, mean) <= 0.01 < poisson.sf(k - 2, mean)
    assert learned_threshold(10.0) == 19


def test_headline_writes_the_count_in_words_with_the_right_forms() -> None:
    tag = TagFactory.build(name="Неудобная навигация на сайте")
    assert alert_headline(3, tag) == (
        "Три клиента за день сообщили о теме «Неудобная навигация на сайте»")
    assert alert_headline(1, tag).startswith("Один клиент за день сообщил")
    assert alert_headline(5, tag).startswith("Пять клиентов за день сообщили")
    assert alert_headline(21, tag).startswith("21 клиент за день сообщил ")


def test_three_calls_of_a_new_tag_alert_once_with_examples_words_and_shares() -> None:
    tag = TagFactory(name="Неудобная навигация")
    member = department_member(username="dev")
    department = DepartmentFactory(tags=[tag], members=[member])
    calls = [tagged_call(tag, started_at=_today(9 + i), words=f"не могу найти кнопку {i}")
             for i in range(3)]

    raised = alerts_check(now=NOW)
    outbox_send_due()

    assert len(raised) == 1
    alert = raised[0]
    assert (alert.count, alert.threshold, alert.threshold_source) == (
        3, 3, DepartmentAlert.ThresholdSource.LEARNED)
    assert set(alert.calls.values_list("pk", flat=True)) == {c.pk for c in calls}
    assert {q["text"] for q in alert.quotes} == {f"не могу найти кнопку {i}" for i in range(3)}
    assert set(CallShare.objects.filter(department=department).values_list("call_id", flat=True)
               ) == {c.pk for c in calls}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dev@example.com"]
    assert message.subject == "Три клиента за день сообщили о теме «Неудобная навигация»"
    assert "3\xa0звонка" in message.body and "не могу найти кнопку 1" in message.body
    assert f"/calls/{calls[0].pk}/" in message.body
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_once_per_day_per_tag_however_often_it_is_checked() -> None:
    tag = TagFactory()
    department = DepartmentFactory(tags=[tag], members=[department_member()])
    for i in range(3):
        tagged_call(tag, started_at=_today(9 + i))
    assert len(alerts_check(now=NOW)) == 1
    outbox_send_due()
    tagged_call(tag, started_at=_today(15))
    assert alerts_check(now=NOW + timedelta(minutes=15)) == []
    assert alerts_check(now=NOW + timedelta(minutes=30)) == []
    assert DepartmentAlert.objects.filter(department=department).count() == 1
    assert len(mail.outbox) == 1
    # The next day is a new day.
    for i in range(3):
        tagged_call(tag, started_at=_today(10 + i) + timedelta(days=1))
    assert len(alerts_check(now=NOW + timedelta(days=1))) == 1


def test_a_quiet_tag_never_alerts() -> None:
    tag = TagFactory()
    DepartmentFactory(tags=[tag], members=[department_member()])
    tagged_call(tag, started_at=_today(9))
    tagged_call(tag, started_at=_today(10))
    assert alerts_check(now=NOW) == []
    assert not mail.outbox


def test_a_common_tag_needs_more_than_its_usual_day() -> None:
    tag = TagFactory()
    DepartmentFactory(tags=[tag], members=[department_member()])
    # Five calls a day for 28 days: a usual day of five is no news.
    for day in range(1, 29):
        for i in range(5):
            tagged_call(tag, started_at=_today(9 + i) - timedelta(days=day))
    for i in range(5):
        tagged_call(tag, started_at=_today(9 + i))
    assert alerts_check(now=NOW) == []
    threshold = learned_threshold(5.0)
    assert threshold == 12  # P(X ≥ 11 | λ=5) = 1.4 %, P(X ≥ 12) = 0.5 %
    for i in range(threshold - 5):
        tagged_call(tag, started_at=_today(14) + timedelta(minutes=i))
    (alert,) = alerts_check(now=NOW)
    assert alert.count == threshold and alert.usual_daily == pytest.approx(5.0)


def test_a_fixed_threshold_wins_over_the_learned_one() -> None:
    tag = TagFactory()
    TagAlertThreshold.objects.create(tag=tag, minimum=2)
    DepartmentFactory(tags=[tag], members=[department_member()])
    tagged_call(tag, started_at=_today(9))
    assert alerts_check(now=NOW) == []
    tagged_call(tag, started_at=_today(10))
    (alert,) = alerts_check(now=NOW)
    outbox_send_due()
    assert (alert.threshold, alert.threshold_source) == (2, DepartmentAlert.ThresholdSource.FIXED)
    assert "задан администратором" in mail.outbox[0].body


def test_only_analysed_calls_of_the_local_day_and_subscribed_tags_count() -> None:
    tag, other = TagFactory(), TagFactory()
    DepartmentFactory(tags=[tag], members=[department_member()])
    tagged_call(tag, started_at=_today(9))
    tagged_call(tag, started_at=_today(10), status="transcribed")
    tagged_call(tag, started_at=_today(0) - timedelta(minutes=1))  # yesterday, local time
    for i in range(3):
        tagged_call(other, started_at=_today(9 + i))
    assert alerts_check(now=NOW) == []


def test_a_department_subscribed_by_category_hears_of_its_tags_and_inactive_ones_do_not() -> None:
    tag = TagFactory()
    listening = DepartmentFactory(members=[department_member(username="a")])
    listening.categories.add(tag.category)
    DepartmentFactory(tags=[tag], members=[department_member(username="b")], is_active=False)
    for i in range(3):
        tagged_call(tag, started_at=_today(9 + i))
    (alert,) = alerts_check(now=NOW)
    outbox_send_due()
    assert alert.department == listening
    assert [m.to for m in mail.outbox] == [["a@example.com"]]


def test_the_e_mail_goes_right_after_the_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    tag = TagFactory()
    DepartmentFactory(tags=[tag], members=[department_member()])
    for i in range(3):
        tagged_call(tag, started_at=_today(9 + i))
    with django_capture_on_commit_callbacks(execute=True):
        alerts_check(now=NOW)
    assert len(mail.outbox) == 1
