"""The outbox never loses a message: SMTP failures are retried with backoff, a run never
crashes, and a message that keeps failing stays visible as failed for an admin to resend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from calls.departments.outbox import (
    MAX_ATTEMPTS,
    backoff,
    email_queue,
    email_send,
    outbox_send_due,
)
from calls.departments.reports import report_send
from calls.models import DepartmentReport, OutgoingEmail
from calls.weeks import Week
from project.roles import Role
from tests.calls.departments import failing_backend
from tests.factories import TagFactory, UserFactory, client_for
from tests.factories_departments import DepartmentFactory, department_member, tagged_call

pytestmark = pytest.mark.django_db

FAILING = "tests.calls.departments.failing_backend.FailingBackend"


@pytest.fixture(autouse=True)
def smtp_down() -> Iterator[None]:
    failing_backend.FAILURES["left"] = 0
    with override_settings(EMAIL_BACKEND=FAILING):
        yield


def _queue(**fields: object) -> OutgoingEmail:
    department = fields.pop("department", None) or DepartmentFactory()
    return email_queue(department=department, to="a@example.com", subject="Тема",  # type: ignore[arg-type]
                       text="Текст", html="<p>Текст</p>", **fields)  # type: ignore[arg-type]


def test_a_failed_send_is_kept_and_retried_after_the_backoff() -> None:
    email = _queue()
    failing_backend.FAILURES["left"] = 2
    now = timezone.now()

    assert email_send(email_id=email.pk, now=now) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at == now + backoff(1)
    # Not due yet: the schedule leaves it alone.
    assert outbox_send_due(now=now + timedelta(seconds=30)) == 0
    assert outbox_send_due(now=now + backoff(1)) == 0  # fails again
    email.refresh_from_db()
    assert email.attempts == 2 and email.next_attempt_at == now + backoff(1) + backoff(2)
    assert outbox_send_due(now=email.next_attempt_at) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutgoingEmail.Status.SENT, 3, "")
    assert email.sent_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 6)] == [1, 2, 4, 8, 16]
    assert backoff(30) == timedelta(hours=2)


def test_after_max_attempts_it_stays_failed_and_an_admin_resends_it() -> None:
    department = DepartmentFactory()
    email = _queue(department=department)
    failing_backend.FAILURES["left"] = MAX_ATTEMPTS
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        email_send(email_id=email.pk, now=now)
        now += timedelta(hours=3)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, MAX_ATTEMPTS)
    assert outbox_send_due(now=now + timedelta(days=1)) == 0  # failed is not retried alone

    admin = UserFactory(role=Role.ADMIN)
    page = client_for(admin).get(reverse("departments:detail", args=[department.pk]))
    assert 'data-email-status="failed"' in page.content.decode()
    assert "SMTPServerDisconnected" in page.content.decode()
    # Someone who is not an admin cannot resend.
    manager = UserFactory(role=Role.MANAGER)
    url = reverse("departments:email-resend", args=[email.pk])
    assert client_for(manager).post(url).status_code == 403

    response = client_for(admin).post(url)
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 0)
    assert outbox_send_due() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_one_failing_message_does_not_stop_the_others() -> None:
    first, second = _queue(), _queue()
    failing_backend.FAILURES["left"] = 1
    assert outbox_send_due() == 1
    statuses = dict(OutgoingEmail.objects.values_list("pk", "status"))
    assert sorted(statuses.values()) == [OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENT]
    assert {first.pk, second.pk} == set(statuses)


def test_a_claimed_message_is_not_sent_twice() -> None:
    email = _queue()
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=now + timedelta(minutes=5))
    assert email_send(email_id=email.pk, now=now) is False
    assert not mail.outbox


def test_a_report_survives_smtp_down_and_goes_out_later() -> None:
    tag = TagFactory()
    department = DepartmentFactory(tags=[tag], members=[department_member(username="x"),
                                                        department_member(username="y")])
    week = Week.last_full(timezone.localdate())
    tagged_call(tag, started_at=timezone.make_aware(
        timezone.datetime.combine(week.monday, timezone.datetime.min.time()).replace(hour=12)),
        first=True)
    failing_backend.FAILURES["left"] = 100
    report = report_send(department=department, week=week)
    assert outbox_send_due() == 0

    assert DepartmentReport.objects.filter(pk=report.pk).exists()
    emails = OutgoingEmail.objects.filter(report=report)
    assert emails.count() == 2
    assert all(e.status == OutgoingEmail.Status.PENDING and e.attempts == 1 for e in emails)
    assert all(bytes(e.attachment)[:5] == b"%PDF-" for e in emails)  # type: ignore[arg-type]

    failing_backend.FAILURES["left"] = 0
    assert outbox_send_due(now=timezone.now() + timedelta(minutes=2)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["x@example.com", "y@example.com"]
