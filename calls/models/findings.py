"""What a finding keeps beyond its life cycle (calls/departments/findings/): the customers told
that their problem is fixed, and the days its department was reminded it is overdue.

The Finding itself and its events are in calls/models/changes.py with the Change a done finding
starts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call
from calls.models.changes import Finding


class FindingCallback(models.Model):
    """A customer who called about a finding's problem, called back to be told it is fixed.

    The customer is the phone's keyed hash (Call.customer_key), never the number; `call` is the
    customer's latest call about it when they were called back (the page shows its masked phone).
    """

    finding = models.ForeignKey(
        Finding, verbose_name=_("находка"), on_delete=models.CASCADE, related_name="callbacks"
    )
    customer_key = models.CharField(_("ключ клиента"), max_length=64)
    call = models.ForeignKey(
        Call, verbose_name=_("последний звонок"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    called_back_at = models.DateTimeField(_("перезвонили"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто перезвонил"), on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("примечание"), blank=True)

    class Meta:
        verbose_name = _("звонок клиенту об исправлении")
        verbose_name_plural = _("звонки клиентам об исправлении")
        ordering = ["called_back_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "customer_key"], name="finding_callback_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.called_back_at:%d.%m.%Y}"


class FindingReminder(models.Model):
    """A day the department was e-mailed that the finding is overdue: one e-mail a day, and a
    failed send leaves no row, so the next run sends it."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("находка"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("день"))
    sent_at = models.DateTimeField(_("отправлено"), default=timezone.now)

    class Meta:
        verbose_name = _("напоминание о просроченной находке")
        verbose_name_plural = _("напоминания о просроченных находках")
        constraints = [
            models.UniqueConstraint(fields=["finding", "sent_on"], name="finding_reminder_daily"),
        ]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.sent_on:%d.%m.%Y}"
