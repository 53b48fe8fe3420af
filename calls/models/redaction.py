"""What was redacted from a call (never the value itself) and the archive redaction runs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call
from calls.models.runs import BackgroundRun


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


class RedactionRun(BackgroundRun):
    """One pass of the redaction over the stored archive (`redact_archive`), with progress."""

    # Mute the redacted seconds in recordings too (on lines that ask for it).
    audio = models.BooleanField(_("глушить записи"), default=True)
    changed = models.PositiveIntegerField(_("изменено звонков"), default=0)
    muted = models.PositiveIntegerField(_("заглушено записей"), default=0)
    # Calls whose recording could not be muted: each has a note in its status history.
    audio_failed = models.PositiveIntegerField(_("записей не удалось заглушить"), default=0)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("скрытие персональных данных в архиве")
        verbose_name_plural = _("скрытие персональных данных в архиве")
