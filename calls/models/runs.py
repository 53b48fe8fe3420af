"""What every background run over the archive has: a status, progress, a cursor and a heartbeat.

A re-analysis (calls/models/analysis.py) and an archive redaction (calls/models/redaction.py) are
both walked by calls/background_runs.py; this base keeps their shared columns identical.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A run whose worker has not reported for this long died with it; a new run may start. Long
# enough for a continuation to wait behind transcriptions (each at most TRANSCRIBE_TIMEOUT).
STALE_RUN_AFTER = timedelta(hours=1)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("идёт")
    DONE = "done", _("завершён")
    FAILED = "failed", _("ошибка")


_Run = TypeVar("_Run", bound="BackgroundRun")


class BackgroundRunQuerySet(models.QuerySet[_Run]):
    def in_progress(self) -> Self:
        """Queued or running runs that still show signs of life."""
        alive_since = timezone.now() - STALE_RUN_AFTER
        return self.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).filter(
            Q(heartbeat_at__gte=alive_since)
            | Q(heartbeat_at__isnull=True, created_at__gte=alive_since)
        )


class BackgroundRun(models.Model):
    """A run over the archive in chunks, with progress; the concrete model adds what it counts."""

    Status = RunStatus

    status = models.CharField(
        _("статус"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
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

    objects = BackgroundRunQuerySet.as_manager()

    class Meta:
        abstract = True
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
