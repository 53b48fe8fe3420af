"""What was redacted from a call (never the value itself) and the archive redaction runs."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call

# A run whose worker has not reported for this long died with it; a new run may start.
STALE_RUN_AFTER = timedelta(hours=1)


class Redaction(models.Model):
    """One piece of personal data replaced in a segment: its kind and where, not what it was.

    `muted` says whether its seconds are silenced in the stored recording; a redaction of a call
    with audio on a line that mutes stays False until the muting succeeds, so a failure is seen
    (the call page withholds the recording) and retried by a schedule and by `redact_archive`.
    """

    class Kind(models.TextChoices):
        # The values are calls.redaction.transcript.EntityKind's.
        CARD = "card", _("карта")
        PHONE = "phone", _("телефон")
        EMAIL = "email", _("email")
        PASSPORT = "passport", _("паспорт")
        SNILS = "snils", _("СНИЛС")
        INN = "inn", _("ИНН")
        ACCOUNT = "account", _("счёт")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="redactions"
    )
    segment_index = models.PositiveIntegerField(_("номер реплики"))
    kind = models.CharField(_("что скрыто"), max_length=10, choices=Kind.choices)
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    muted = models.BooleanField(_("заглушено в записи"), default=False)
    # Failed automatic mutings (calls.redaction.audio.calls_mute_pending stops at a limit).
    mute_attempts = models.PositiveSmallIntegerField(_("неудачных попыток заглушить"), default=0)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("скрытые персональные данные")
        verbose_name_plural = _("скрытые персональные данные")
        ordering = ["call", "segment_index", "start", "id"]

    def __str__(self) -> str:
        return f"{self.call_id}#{self.segment_index} {self.kind} {self.start:.2f}-{self.end:.2f}"


class RedactionRunQuerySet(models.QuerySet["RedactionRun"]):
    def in_progress(self) -> RedactionRunQuerySet:
        """Queued or running runs that still show signs of life."""
        alive_since = timezone.now() - STALE_RUN_AFTER
        unfinished = [RedactionRun.Status.QUEUED, RedactionRun.Status.RUNNING]
        return self.filter(status__in=unfinished).filter(
            Q(heartbeat_at__gte=alive_since)
            | Q(heartbeat_at__isnull=True, created_at__gte=alive_since)
        )


class RedactionRun(models.Model):
    """One pass of the redaction over the stored archive (`redact_archive`), with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт")
        DONE = "done", _("завершён")
        FAILED = "failed", _("ошибка")

    status = models.CharField(
        _("статус"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    # Mute the redacted seconds in recordings too (on lines that ask for it).
    audio = models.BooleanField(_("глушить записи"), default=True)
    total = models.PositiveIntegerField(_("всего звонков"), default=0)
    done = models.PositiveIntegerField(_("обработано"), default=0)
    changed = models.PositiveIntegerField(_("изменено звонков"), default=0)
    muted = models.PositiveIntegerField(_("заглушено записей"), default=0)
    # Calls whose recording could not be muted: each has a note in its status history.
    audio_failed = models.PositiveIntegerField(_("записей не удалось заглушить"), default=0)
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

    objects = RedactionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("скрытие персональных данных в архиве")
        verbose_name_plural = _("скрытие персональных данных в архиве")
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
