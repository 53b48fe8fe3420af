"""The departments' tasks (calls/schedules.py and the outbox's after-commit sends): plain
functions that take ids and call a service."""

from __future__ import annotations

from calls.departments.alerts import alerts_check
from calls.departments.outbox import email_send, outbox_send_due
from calls.departments.reports import reports_send_weekly


def send_outgoing_email(email_id: int) -> bool:
    return email_send(email_id=email_id)


def send_due_emails() -> int:
    return outbox_send_due()


def check_department_alerts() -> int:
    return len(alerts_check())


def send_weekly_department_reports() -> int:
    return reports_send_weekly()
