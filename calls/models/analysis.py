"""A re-analysis of the archive by the analysis registry (calls/analysis.py), with progress."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A run whose worker has not reported for this long died with it; a new run may start. Long
# enough for a continuation to wait behind transcriptions (each at most TRANSCRIBE_TIMEOUT).
STALE_RUN_AFTER = timedelta(hours=1)


class ReanalysisRunQuerySet(models.QuerySet["ReanalysisRun"]):
    def in_progress(self) -> ReanalysisRunQuerySet:
        """Queued or running runs that still show signs of life."""
        alive_since = timezone.now() - STALE_RUN_AFTER
        unfinished = [ReanalysisRun.Status.QUEUED, ReanalysisRun.Status.RUNNING]
        return self.filter(status__in=unfinished).filter(
            Q(heartbeat_at__gte=alive_since)
            | Q(heartbeat_at__isnull=True, created_at__gte=alive_since)
        )



class ReanalysisRun(models.Model):
    """One re-analysis of the archive (every analyser, or one and its readers), with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт")
        DONE = "done", _("завершён")
        FAILED = "failed", _("ошибка")

    status = models.CharField(
        _("статус"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    since = models.DateField(_("звонки с даты"), null=True, blank=True)
    # A registered analyser's name (calls/analysis.py); empty: every analyser.
    analyser = models.CharField(_("анализатор"), max_length=50, blank=True)
    total = models.PositiveIntegerField(_("всего звонков"), default=0)
    done = models.PositiveIntegerField(_("обработано"), default=0)
    # The last call id processed: calls are walked in id order, so a continuation resumes here.
    cursor = models.BigIntegerField(_("курсор"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто запустил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("создан"), default=timezone.now)
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершён"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("последний шаг"), null=True, blank=True)
    error = models.TextField(_("ошибка"), blank=True)

    objects = ReanalysisRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("повторный анализ")
        verbose_name_plural = _("повторные анализы")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.status} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
