"""Findings, a fix followed to the end (issue 19 §3, calls/departments/findings/), and changes,
whether a fix helped (issue 19 §4, calls/changes/).

A manager opens a finding from an alert, a report item or a top problem: the problem, the
department that owns it, a due date and the calls that show it. The department moves it to «в
работе», then «сделано» with what was changed; a done finding starts a Change dated that day.
A Change may also be registered by hand («упростили голосовое меню»). Its effect is computed, not
stored: the windows before and after `changed_on` (the day itself left out).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Line
from calls.models.departments import Department
from calls.models.taxonomy import Tag

# Default length of each window, before and after the change (issue 19 §4).
DEFAULT_WINDOW_DAYS = 14


class Change(models.Model):
    class Verdict(models.TextChoices):
        HELPED = "helped", _("помогло")
        WORSE = "worse", _("стало хуже")
        NO_CHANGE = "no_change", _("без изменений")
        TOO_FEW = "too_few", _("мало данных")
        PENDING = "pending", _("ждём данных")

    title = models.CharField(_("что изменили"), max_length=300)
    description = models.TextField(_("подробности"), blank=True)
    changed_on = models.DateField(_("дата изменения"))
    lines = models.ManyToManyField(Line, verbose_name=_("линии"), blank=True, related_name="+")
    tags = models.ManyToManyField(Tag, verbose_name=_("теги"), blank=True, related_name="+")
    window_days = models.PositiveSmallIntegerField(
        _("дней до и после"), default=DEFAULT_WINDOW_DAYS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("зарегистрировал"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("зарегистрировано"), default=timezone.now)
    # The verdict over every call of its lines, kept once the after-window has closed
    # (calls/changes/verdicts.py): the findings board says whether each fix helped without
    # computing every change's figures again; the change's page computes the viewer's own.
    verdict = models.CharField(_("итог"), max_length=10, choices=Verdict.choices, blank=True)
    verdict_at = models.DateTimeField(_("итог подведён"), null=True, blank=True)

    class Meta:
        verbose_name = _("изменение")
        verbose_name_plural = _("изменения")
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class FindingQuerySet(models.QuerySet["Finding"]):
    def open(self) -> FindingQuerySet:
        return self.filter(status__in=[Finding.Status.OPEN, Finding.Status.IN_PROGRESS])

    def overdue(self, *, today: date) -> FindingQuerySet:
        return self.open().filter(due_on__lt=today)


class Finding(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("открыта")
        IN_PROGRESS = "in_progress", _("в работе")
        DONE = "done", _("сделано")
        DECLINED = "declined", _("отклонена")

    class Source(models.TextChoices):
        ALERT = "alert", _("оповещение")
        REPORT = "report", _("недельный отчёт")
        TOP_PROBLEM = "top_problem", _("главные проблемы")
        MANUAL = "manual", _("вручную")

    title = models.CharField(_("проблема"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("отдел"), on_delete=models.PROTECT, related_name="findings"
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("тег"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    line = models.ForeignKey(
        Line, verbose_name=_("линия"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    calls = models.ManyToManyField(
        Call, verbose_name=_("звонки"), blank=True, related_name="findings"
    )
    source = models.CharField(
        _("откуда"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    # The alert's or report's id, or the top-problems page's query: where the finding came from.
    source_ref = models.CharField(_("ссылка на источник"), max_length=300, blank=True)
    due_on = models.DateField(_("срок"))
    status = models.CharField(
        _("статус"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("открыл"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("открыта"), default=timezone.now)
    started_at = models.DateTimeField(_("взята в работу"), null=True, blank=True)
    done_at = models.DateTimeField(_("сделано"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто сделал"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    what_changed = models.TextField(_("что изменили"), blank=True)
    change = models.OneToOneField(
        Change, verbose_name=_("изменение"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="finding",
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("находка")
        verbose_name_plural = _("находки")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="finding_status_due")]

    def __str__(self) -> str:
        return self.title


class FindingEvent(models.Model):
    """Who moved a finding and when: its life cycle as a record."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("находка"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("статус"), max_length=12, choices=Finding.Status.choices)
    note = models.TextField(_("примечание"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("шаг находки")
        verbose_name_plural = _("шаги находок")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.status}"
