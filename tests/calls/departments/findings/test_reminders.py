"""The overdue reminder: one e-mail per department a day listing its overdue findings, nothing
for findings on time or done, and a failed send retried by the next run, never lost."""

from __future__ import annotations

from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from django.core import mail

from calls.departments.findings.reminders import findings_remind
from calls.departments.findings.tasks import remind_overdue_findings
from calls.models import Finding, FindingReminder
from calls.schedules import SCHEDULES
from tests.factories_findings import DepartmentFactory, FindingFactory, department_member

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


@pytest.fixture
def overdue() -> Finding:
    dev = DepartmentFactory(name="Разработка", code="dev")
    department_member(dev, email="dev@example.org")
    department_member(dev, email="")  # no address: not a recipient
    finding: Finding = FindingFactory(department=dev, title="Меню сайта",
                                      due_on=TODAY - timedelta(days=2))
    FindingFactory(department=dev, title="Ещё не срок", due_on=TODAY)
    FindingFactory(department=dev, title="Сделана", due_on=TODAY - timedelta(days=9),
                   status=Finding.Status.DONE)
    return finding


def test_one_email_a_day_per_department(overdue: Finding) -> None:
    assert findings_remind(today=TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dev@example.org"]
    assert "Разработка" in message.subject and "1\u00a0находка" in message.subject
    assert "«Меню сайта»" in message.body and "2\u00a0дня" in message.body
    assert f"/findings/{overdue.pk}/" in message.body
    assert "Ещё не срок" not in message.body and "Сделана" not in message.body
    # The later runs of the day send nothing; the next day reminds again (and the finding due
    # today is overdue by then), in one e-mail.
    assert findings_remind(today=TODAY) == 0
    assert findings_remind(today=TODAY + timedelta(days=1)) == 2
    assert len(mail.outbox) == 2 and "Ещё не срок" in mail.outbox[1].body
    assert FindingReminder.objects.filter(finding=overdue).count() == 2


def test_an_smtp_failure_is_retried_by_the_next_run(
    overdue: Finding, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = DepartmentFactory(code="billing")
    department_member(other, email="billing@example.org")
    FindingFactory(department=other, due_on=TODAY - timedelta(days=1))

    def broken_send(*args: object, **kwargs: object) -> int:
        raise SMTPException("SMTP is down")

    import calls.departments.findings.reminders as reminders

    real_send = reminders.send_mail
    calls = {"n": 0}

    def first_fails(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return broken_send()
        return real_send(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "send_mail", first_fails)
    with pytest.raises(SMTPException):
        findings_remind(today=TODAY)
    # The department whose send failed is not marked; the other one got its e-mail.
    assert not FindingReminder.objects.filter(finding=overdue).exists()
    assert [m.to for m in mail.outbox] == [["billing@example.org"]]
    assert findings_remind(today=TODAY) == 1
    assert [m.to for m in mail.outbox][-1] == ["dev@example.org"]


def test_a_department_without_addresses_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    FindingFactory(department=DepartmentFactory(code="quiet"), due_on=TODAY - timedelta(days=1))
    assert findings_remind(today=TODAY) == 0
    assert not mail.outbox and "quiet" in caplog.text


def test_the_task_is_scheduled_and_runs(overdue: Finding) -> None:
    task = next(t for t in SCHEDULES if t.name == "findings-overdue-reminder")
    assert task.func == "calls.departments.findings.tasks.remind_overdue_findings"
    assert remind_overdue_findings() >= 0
