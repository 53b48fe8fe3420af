"""What a department is sent (issue 19 §2, calls/departments/): same-day alerts, weekly reports
and the outbox of e-mails that carries them.

An alert or a report and its e-mails are written in one transaction; the e-mails are sent after
it by the outbox (calls/departments/outbox.py), retried with backoff, so an SMTP fault never loses
a message: it stays pending, then failed, and an admin can send it again.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call
from calls.models.departments import Department
from calls.models.taxonomy import Tag


class TagAlertThreshold(models.Model):
    """An admin's fixed minimum of calls a day for a tag's same-day alert; without one, the
    threshold is learned from the tag's usual daily rate (calls/departments/alerts.py)."""

    tag = models.OneToOneField(
        Tag, verbose_name=_("тег"), on_delete=models.CASCADE, related_name="alert_threshold"
    )
    minimum = models.PositiveIntegerField(_("звонков за день, не меньше"))

    class Meta:
        verbose_name = _("порог оповещения по тегу")
        verbose_name_plural = _("пороги оповещений по тегам")
        constraints = [
            models.CheckConstraint(condition=models.Q(minimum__gte=1), name="alert_minimum_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.tag}: {self.minimum}"


class DepartmentAlert(models.Model):
    """A subscribed tag crossed its threshold on a local day: sent once per tag and day."""

    class ThresholdSource(models.TextChoices):
        FIXED = "fixed", _("задан администратором")
        LEARNED = "learned", _("по обычному уровню тега")

    department = models.ForeignKey(
        Department, verbose_name=_("отдел"), on_delete=models.CASCADE, related_name="alerts"
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("тег"), on_delete=models.PROTECT, related_name="department_alerts"
    )
    day = models.DateField(_("день"))
    count = models.PositiveIntegerField(_("звонков за день"))
    threshold = models.PositiveIntegerField(_("порог"))
    threshold_source = models.CharField(
        _("как задан порог"), max_length=10, choices=ThresholdSource.choices
    )
    # The mean daily count of the 28 days before, when the threshold was learned from it.
    usual_daily = models.FloatField(_("обычно за день"), null=True, blank=True)
    calls = models.ManyToManyField(
        Call, verbose_name=_("звонки для прослушивания"), blank=True, related_name="+"
    )
    # The customers' own words: [{"call": id, "start": s, "text": "…"}].
    quotes = models.JSONField(_("слова клиентов"), default=list, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("оповещение отдела")
        verbose_name_plural = _("оповещения отделов")
        ordering = ["-day", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "tag", "day"], name="department_alert_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.tag} · {self.day}"


class DepartmentReport(models.Model):
    """A department's weekly report as it was built and sent (calls/departments/reports.py)."""

    department = models.ForeignKey(
        Department, verbose_name=_("отдел"), on_delete=models.CASCADE, related_name="reports"
    )
    # The ISO week's Monday.
    week = models.DateField(_("неделя (понедельник)"))
    content = models.JSONField(_("содержание"), default=dict)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("недельный отчёт отдела")
        verbose_name_plural = _("недельные отчёты отделов")
        ordering = ["-week", "department"]
        constraints = [
            models.UniqueConstraint(fields=["department", "week"], name="department_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.week}"


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def due(self, now: datetime) -> OutgoingEmailQuerySet:
        return self.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    """One e-mail to one address, kept until it is sent (calls/departments/outbox.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт отправки")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("не отправлено")

    to = models.EmailField(_("кому"))
    subject = models.CharField(_("тема"), max_length=300)
    text = models.TextField(_("текст"))
    html = models.TextField(_("HTML"), blank=True)
    attachment = models.BinaryField(_("вложение"), null=True, blank=True)
    attachment_name = models.CharField(_("имя вложения"), max_length=200, blank=True)
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"))
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    department = models.ForeignKey(
        Department, verbose_name=_("отдел"), on_delete=models.CASCADE, related_name="emails"
    )
    alert = models.ForeignKey(
        DepartmentAlert, verbose_name=_("оповещение"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="emails",
    )
    report = models.ForeignKey(
        DepartmentReport, verbose_name=_("отчёт"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="emails",
    )

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
