"""An e-mail backend for tests that fails like an SMTP server that is down, a given number of
times, then delivers to Django's test outbox."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

# How many sends fail before they start going through (set by the tests).
FAILURES = {"left": 0}


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        outbox: list[Any] = getattr(mail, "outbox", [])
        outbox.extend(email_messages)
        return len(email_messages)
