"""The e-mail outbox: a message is a row before it is a connection to an SMTP server.

An alert or a report and its e-mails are written in one transaction (`email_queue`), so a message
exists exactly when what it carries does. Sending is a separate step: right after the commit (a
task per message) and every few minutes for whatever is due (`outbox_send_due`, calls/schedules.py).
A worker claims a message with a conditional UPDATE that moves its next attempt forward (two
workers never send it twice at once). Any error of the backend (smtplib's, a socket's, a refused
connection) is logged and stored, the attempt counted, and the next attempt put off by an
exponential backoff; after MAX_ATTEMPTS the message is `failed` and stays on the department's
page, where an admin sends it again (`email_resend`). No error is raised out of a run: one bad
message never stops the others.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from calls.models import DepartmentAlert, DepartmentReport, OutgoingEmail
from calls.models.departments import Department
from project.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Backoff after the n-th failed attempt: 1, 2, 4 … minutes, at most 2 hours (8 attempts span
# about four hours: an SMTP server down for a morning still gets the report out).
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=2)
# A claim holds a message this long: a worker that died mid-send frees it after that.
CLAIM = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def email_queue(
    *,
    department: Department,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachment: bytes | None = None,
    attachment_name: str = "",
    alert: DepartmentAlert | None = None,
    report: DepartmentReport | None = None,
) -> OutgoingEmail:
    """Keep the message and send it once the surrounding transaction commits."""
    email = OutgoingEmail.objects.create(
        department=department, to=to, subject=subject[:300], text=text, html=html,
        attachment=attachment, attachment_name=attachment_name, alert=alert, report=report,
        next_attempt_at=timezone.now(),
    )
    from calls.departments.tasks import send_outgoing_email

    enqueue_on_commit(send_outgoing_email, email.pk)
    return email


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email.subject, email.text, settings.DEFAULT_FROM_EMAIL, [email.to]
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    if email.attachment:
        message.attach(email.attachment_name or "report.pdf", bytes(email.attachment),
                       "application/pdf")
    return message


def email_send(*, email_id: int, now: datetime | None = None) -> bool:
    """Try to send one message that is due; True when it went. Never raises for the backend's
    errors: they are stored and the message retried later."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        _message(email).send()
    except Exception as error:  # noqa: BLE001 — any backend error is a retry, never a lost message
        attempts = email.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        logger.warning("E-mail %s to %s failed (attempt %s): %s", email.pk, email.to,
                       attempts, error)
        OutgoingEmail.objects.filter(pk=email.pk).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            status=OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.PENDING,
            next_attempt_at=now + backoff(attempts),
        )
        return False
    OutgoingEmail.objects.filter(pk=email.pk).update(
        attempts=email.attempts + 1, status=OutgoingEmail.Status.SENT, sent_at=timezone.now(),
        last_error="",
    )
    return True


def outbox_send_due(*, now: datetime | None = None) -> int:
    """Send every message that is due; the number sent."""
    now = now or timezone.now()
    ids = list(OutgoingEmail.objects.due(now).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:500])
    return sum(email_send(email_id=pk, now=now) for pk in ids)


@transaction.atomic
def email_resend(*, email: OutgoingEmail) -> OutgoingEmail:
    """An admin sends a failed (or stuck) message again: a fresh round of attempts."""
    OutgoingEmail.objects.filter(pk=email.pk).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now(),
    )
    from calls.departments.tasks import send_outgoing_email

    enqueue_on_commit(send_outgoing_email, email.pk)
    email.refresh_from_db()
    return email
