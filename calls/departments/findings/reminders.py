"""The overdue reminder: once a day, each department's members get one e-mail listing its
findings past their due date and not done (docs/findings.md).

A finding is marked reminded for the day (FindingReminder) in the same transaction as its
department's e-mail is sent, so a failed send (SMTP down) or a database error marks nothing and
the next run — the task runs every hour of the working day — sends it again; once sent, the
later runs of the day find nothing to send. A department without a member with an e-mail address
is left unmarked with a warning: its findings stay on the board's overdue group anyway.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Department, Finding, FindingReminder
from project.russian import plural

logger = logging.getLogger(__name__)


def reminders_pending(*, today: date) -> QuerySet[Finding]:
    """Overdue findings of active departments not yet reminded today."""
    return (Finding.objects.overdue(today=today)
            .filter(department__is_active=True)
            .exclude(reminders__sent_on=today))


def _addresses(department: Department) -> list[str]:
    return sorted(set(department.members.filter(is_active=True).exclude(email="")
                      .values_list("email", flat=True)))


def reminder_message(department: Department, findings: list[Finding], *,
                     today: date) -> tuple[str, str]:
    """(subject, plain text) of one department's reminder."""
    subject = _("%(department)s: просрочено — %(count)s") % {
        "department": department.name,
        "count": plural(len(findings), "находка,находки,находок")}
    lines = [_("Срок этих находок прошёл, а они ещё не сделаны:"), ""]
    for finding in findings:
        late = (today - finding.due_on).days
        lines.append(_("— «%(title)s»: срок %(due)s, просрочена на %(days)s — %(url)s") % {
            "title": finding.title, "due": f"{finding.due_on:%d.%m.%Y}",
            "days": plural(late, "день,дня,дней"),
            "url": settings.SITE_URL + reverse("findings:detail", args=[finding.pk])})
    lines += ["", _("Отметьте «в работе» или «сделано» на странице находки, или попросите "
                    "руководителя перенести срок."),
              _("Все находки отдела: %(url)s") % {
                  "url": settings.SITE_URL + reverse("findings:board") + "?"
                  + f"department={department.code}&status=overdue"}]
    return subject, "\n".join(lines)


def findings_remind(*, today: date | None = None) -> int:
    """E-mail every department about its overdue findings not yet reminded today; the number of
    findings reminded. A department whose send failed is tried again by the next run; the others
    are sent regardless, and the failure is raised at the end so the run shows as failed."""
    today = today or timezone.localdate()
    reminded = 0
    failure: Exception | None = None
    department_ids = reminders_pending(today=today).values("department_id").distinct()
    for department in Department.objects.filter(pk__in=department_ids).order_by("pk"):
        addresses = _addresses(department)
        if not addresses:
            logger.warning("Department %s has overdue findings but no member e-mail to "
                           "remind; they stay on the findings board.", department.code)
            continue
        try:
            with transaction.atomic():
                # Claimed under a lock: a second run at the same time skips them.
                findings = list(reminders_pending(today=today).filter(department=department)
                                .select_for_update(skip_locked=True, of=("self",))
                                .order_by("due_on", "pk"))
                if not findings:
                    continue
                subject, body = reminder_message(department, findings, today=today)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
                FindingReminder.objects.bulk_create(
                    [FindingReminder(finding=finding, sent_on=today) for finding in findings],
                    ignore_conflicts=True)
                reminded += len(findings)
        except Exception as error:  # noqa: BLE001 — SMTP or database: the next run retries
            logger.exception("Overdue reminder for department %s not sent; the next run "
                             "retries it.", department.code)
            failure = failure or error
    if failure is not None:
        raise failure
    return reminded
